/**
 * Pseudo-variable specs and format strings. `$name`, `$name(inner)` and the long form
 * `$(name(inner)[index]{transformation}…)` are resolved once at start-up into accessors;
 * `"text $rm from $fu"` format strings into a list of literal and variable parts. Unknown
 * names are start-up errors (FixupError, positioned by the caller).
 */
import { FixupError, type FormatArg, type PvAccessor, type PvDefinition, type PvParseEnv } from './script-api.js';
import { parseTransformations } from './transformations.js';
import { toStr, type ScriptValue } from './script-value.js';
import type { MessageContext } from './message-context.js';

/** The return code: `$rc`, `$retcode`, `$?`. */
const RC: PvAccessor = { get: (ctx) => ctx.rc };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_.]/;

/** Index of the `close` matching the `open` at `i`, counting nesting; -1 if none. */
function matching(text: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

export type PvLookup = (name: string) => PvDefinition | undefined;

export class PvResolver implements PvParseEnv {
  readonly #lookup: PvLookup;

  constructor(lookup: PvLookup) {
    this.#lookup = lookup;
  }

  /** Resolves a whole spec, which must start with `$`. */
  parsePv(text: string): PvAccessor {
    if (!text.startsWith('$') || text.length < 2) throw new FixupError(`expected a pseudo-variable, found ${JSON.stringify(text)}`);
    if (text === '$?' || text === '$rc' || text === '$retcode') return RC;
    if (text[1] === '(') {
      if (!text.endsWith(')')) throw new FixupError(`expected ')' at the end of ${text}`);
      return this.#longForm(text.slice(2, -1), text);
    }
    return this.#simple(text.slice(1), text);
  }

  parseFormat(text: string): FormatArg {
    return parseFormatString(text, this, '');
  }

  /** `name` or `name(inner)`. */
  #simple(body: string, whole: string): PvAccessor {
    const paren = body.indexOf('(');
    const name = paren < 0 ? body : body.slice(0, paren);
    let inner: string | null = null;
    if (paren >= 0) {
      if (!body.endsWith(')')) throw new FixupError(`expected ')' at the end of ${whole}`);
      inner = body.slice(paren + 1, -1);
    }
    if (name === 'rc' || name === 'retcode') return RC;
    const def = this.#lookup(name);
    if (def === undefined) throw new FixupError(`unknown pseudo-variable ${whole} (is the module that provides $${name} loaded?)`);
    if (def.inner === 'none' && inner !== null) throw new FixupError(`pseudo-variable $${name} takes no name in parentheses`);
    if (def.inner === 'required' && inner === null) throw new FixupError(`pseudo-variable $${name} needs a name: $${name}(...)`);
    return def.parse(inner, this);
  }

  /** Inside `$( … )`: `name[(inner)][[index]]{tr}…`. */
  #longForm(body: string, whole: string): PvAccessor {
    let i = 0;
    while (i < body.length && NAME_CHAR.test(body[i] ?? '')) i++;
    if (body[i] === '(') {
      const close = matching(body, i, '(', ')');
      if (close < 0) throw new FixupError(`expected ')' in ${whole}`);
      i = close + 1;
    }
    const base = this.#simple(body.slice(0, i), whole);
    let index: number | null = null;
    if (body[i] === '[') {
      const close = body.indexOf(']', i);
      if (close < 0) throw new FixupError(`expected ']' in ${whole}`);
      const idx = body.slice(i + 1, close).trim();
      if (!/^-?[0-9]+$/.test(idx)) throw new FixupError(`expected an integer index in ${whole}`);
      index = Number(idx);
      if (base.all === undefined) throw new FixupError(`pseudo-variable ${whole} cannot be indexed`);
      i = close + 1;
    }
    const trs = parseTransformations(body.slice(i));
    const all = base.all;
    const read: (ctx: MessageContext) => ScriptValue =
      index === null || all === undefined
        ? (ctx) => base.get(ctx)
        : (ctx) => {
            const values = all(ctx);
            return values[index < 0 ? values.length + index : index] ?? null;
          };
    if (trs.length === 0 && index === null) return base;
    return {
      get: (ctx) => {
        let v = read(ctx);
        for (const tr of trs) v = tr(v);
        return v;
      },
    };
  }
}

/**
 * Parses a format string: literal text with `$name`, `$name(…)` and `$(…)` references. A `$`
 * not followed by a name is literal. `nullText` is what a null variable prints as (`<null>`
 * in xlog, empty elsewhere).
 */
export function parseFormatString(text: string, resolver: { parsePv(t: string): PvAccessor }, nullText: string): FormatArg {
  const parts: (string | PvAccessor)[] = [];
  let lit = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c !== '$') {
      lit += c;
      i++;
      continue;
    }
    let end: number;
    const next = text[i + 1] ?? '';
    if (next === '(') {
      const close = matching(text, i + 1, '(', ')');
      if (close < 0) throw new FixupError(`expected ')' to close the pseudo-variable at ${JSON.stringify(text.slice(i, i + 20))}`);
      end = close + 1;
    } else if (next === '?') {
      end = i + 2;
    } else if (NAME_START.test(next)) {
      end = i + 1;
      while (end < text.length && (/[A-Za-z0-9_]/.test(text[end] ?? '') || (text[end] === '.' && /[A-Za-z]/.test(text[end + 1] ?? '')))) end++;
      if (text[end] === '(') {
        const close = matching(text, end, '(', ')');
        if (close < 0) throw new FixupError(`expected ')' to close the pseudo-variable at ${JSON.stringify(text.slice(i, i + 20))}`);
        end = close + 1;
      }
    } else {
      lit += c;
      i++;
      continue;
    }
    if (lit.length > 0) parts.push(lit);
    lit = '';
    parts.push(resolver.parsePv(text.slice(i, end)));
    i = end;
  }
  if (lit.length > 0) parts.push(lit);
  if (parts.every((p) => typeof p === 'string')) {
    const constant = parts.join('');
    return { constant, eval: () => constant };
  }
  const first = parts[0];
  if (parts.length === 1 && first !== undefined && typeof first !== 'string') {
    return {
      constant: null,
      eval: (ctx) => {
        const v = first.get(ctx);
        return v === null ? nullText : toStr(v);
      },
    };
  }
  return {
    constant: null,
    eval: (ctx) => {
      let out = '';
      for (const p of parts) {
        if (typeof p === 'string') out += p;
        else {
          const v = p.get(ctx);
          out += v === null ? nullText : toStr(v);
        }
      }
      return out;
    },
  };
}
