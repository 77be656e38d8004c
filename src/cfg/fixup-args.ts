/**
 * Fixes up the arguments of a function call at start-up according to the types the function
 * declares: constants are checked and converted, strings with pseudo-variables become format
 * closures, regular expressions are compiled. Errors are FixupErrors naming the argument.
 */
import type { Expression } from './ast.js';
import { compilePosixRegex } from './posix-regex.js';
import { parseFormatString, type PvResolver } from './pv-spec.js';
import { FixupError, type ArgType, type FixupArgs, type FormatArg, type IntArg, type PvAccessor } from './script-api.js';
import { toInt, toStr } from './script-value.js';
import type { SourcePos } from './token.js';

type Fixed =
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'fmt'; readonly value: FormatArg }
  | { readonly type: 'int-pv'; readonly value: IntArg }
  | { readonly type: 'pv'; readonly value: PvAccessor }
  | { readonly type: 'regex'; readonly value: RegExp };

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

function ordinal(i: number): string {
  return ORDINAL[i] ?? `#${String(i + 1)}`;
}

/** The text of a constant argument, or undefined when it is not a constant. */
function constantText(e: Expression): string | undefined {
  switch (e.kind) {
    case 'string':
      return e.value;
    case 'number':
      return String(e.value);
    case 'ident':
      return e.name;
    case 'address':
      return e.address;
    case 'socket':
      return `${e.spec.proto === undefined ? '' : `${e.spec.proto}:`}${e.spec.hosts.join(',')}${e.spec.port === undefined ? '' : `:${String(e.spec.port)}`}`;
    case 'unary':
      return e.op === '-' && e.operand.kind === 'number' ? String(-e.operand.value) : undefined;
    case 'pv':
    case 'select':
    case 'call':
    case 'route-call':
    case 'core':
    case 'myself':
    case 'binary':
    case 'builtin':
      return undefined;
  }
}

function fixOne(fn: string, i: number, type: ArgType, e: Expression, pv: PvResolver): Fixed {
  const where = `the ${ordinal(i)} argument of ${fn}()`;
  switch (type) {
    case 'str': {
      const t = constantText(e);
      if (t === undefined) throw new FixupError(`${where} must be a constant string`, i);
      return { type, value: t };
    }
    case 'int': {
      const t = constantText(e);
      if (t === undefined || !/^\s*[+-]?(0x[0-9a-f]+|[0-9]+)\s*$/i.test(t)) throw new FixupError(`${where} must be an integer`, i);
      return { type, value: Number(t.trim()) };
    }
    case 'fmt': {
      if (e.kind === 'pv') {
        const acc = pv.parsePv(e.text);
        return { type, value: { constant: null, eval: (ctx) => toStr(acc.get(ctx)) } };
      }
      const t = constantText(e);
      if (t === undefined) throw new FixupError(`${where} must be a string (pseudo-variables allowed)`, i);
      return { type, value: e.kind === 'string' ? parseFormatString(t, pv, '') : { constant: t, eval: () => t } };
    }
    case 'int-pv': {
      let text: string | undefined;
      if (e.kind === 'pv') text = e.text;
      else if (e.kind === 'string' && e.value.startsWith('$')) text = e.value;
      if (text !== undefined) {
        const acc = pv.parsePv(text);
        return { type, value: { constant: null, eval: (ctx) => toInt(acc.get(ctx)) } };
      }
      const t = constantText(e);
      if (t === undefined || !/^\s*[+-]?(0x[0-9a-f]+|[0-9]+)\s*$/i.test(t)) throw new FixupError(`${where} must be an integer or a pseudo-variable`, i);
      const n = Number(t.trim());
      return { type, value: { constant: n, eval: () => n } };
    }
    case 'pv': {
      const text = e.kind === 'pv' ? e.text : e.kind === 'string' ? e.value : undefined;
      if (text === undefined || !text.startsWith('$')) throw new FixupError(`${where} must be a pseudo-variable`, i);
      return { type, value: pv.parsePv(text) };
    }
    case 'regex': {
      if (e.kind !== 'string') throw new FixupError(`${where} must be a regular expression in a string`, i);
      return { type, value: compilePosixRegex(e.value) };
    }
  }
}

class Args implements FixupArgs {
  readonly count: number;
  readonly positions: readonly SourcePos[];
  readonly #fixed: readonly Fixed[];
  readonly #fn: string;

  constructor(fn: string, fixed: readonly Fixed[], positions: readonly SourcePos[]) {
    this.#fn = fn;
    this.#fixed = fixed;
    this.count = fixed.length;
    this.positions = positions;
  }

  #get(i: number, type: Fixed['type']): Fixed {
    const f = this.#fixed[i];
    if (f === undefined) throw new FixupError(`${this.#fn}() has no ${ordinal(i)} argument`, i);
    if (f.type !== type) throw new FixupError(`${this.#fn}(): the ${ordinal(i)} argument is declared ${f.type}, read as ${type}`, i);
    return f;
  }

  has(i: number): boolean {
    return i < this.#fixed.length;
  }
  str(i: number): string {
    const f = this.#get(i, 'str');
    if (f.type !== 'str') throw new Error('unreachable');
    return f.value;
  }
  int(i: number): number {
    const f = this.#get(i, 'int');
    if (f.type !== 'int') throw new Error('unreachable');
    return f.value;
  }
  fmt(i: number): FormatArg {
    const f = this.#get(i, 'fmt');
    if (f.type !== 'fmt') throw new Error('unreachable');
    return f.value;
  }
  intArg(i: number): IntArg {
    const f = this.#get(i, 'int-pv');
    if (f.type !== 'int-pv') throw new Error('unreachable');
    return f.value;
  }
  pv(i: number): PvAccessor {
    const f = this.#get(i, 'pv');
    if (f.type !== 'pv') throw new Error('unreachable');
    return f.value;
  }
  regex(i: number): RegExp {
    const f = this.#get(i, 'regex');
    if (f.type !== 'regex') throw new Error('unreachable');
    return f.value;
  }
}

/** Fixes up `args` against `types`; the caller has checked the count. */
export function fixupArgs(fn: string, types: readonly ArgType[], args: readonly Expression[], pv: PvResolver): FixupArgs {
  const fixed: Fixed[] = [];
  args.forEach((e, i) => {
    const type = types[i];
    if (type === undefined) throw new FixupError(`${fn}() takes at most ${String(types.length)} arguments`, i);
    try {
      fixed.push(fixOne(fn, i, type, e, pv));
    } catch (err) {
      if (err instanceof FixupError && err.argIndex === undefined) throw new FixupError(err.message, i);
      throw err;
    }
  });
  return new Args(
    fn,
    fixed,
    args.map((a) => a.pos),
  );
}
