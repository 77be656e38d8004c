/**
 * Compiles expressions to closures, with Kamailio's semantics:
 * - `==`/`!=` compare as integers when the left value is an integer, else as strings (null is
 *   "" then); `eq`/`ne` always as strings, `ieq`/`ine` as integers;
 * - `=~`/`!~` search with a POSIX ERE, case-insensitive, unanchored (a constant is compiled once);
 * - `+` concatenates when the left value is a string, else adds; other arithmetic is integer;
 * - `&&`, `||`, `!` short-circuit and treat any non-zero value as true;
 * - a function or route call in an expression is 1 when it returned > 0, else 0;
 * - core keywords (`uri == myself`, `src_ip == 10.0.0.0/8`, `method == INVITE`) have their own
 *   tests, which yield -1 on a parse error (false in `if`, true as an operand of `&&`).
 * Values may be promises only when an asynchronous function was called; every operator awaits
 * only what is a promise.
 */
import { BlockList, isIP } from 'node:net';
import type { BinaryExpr, CoreKeyword, Expression } from './ast.js';
import { CfgError } from './cfg-error.js';
import type { MessageContext } from './message-context.js';
import { compilePosixRegex } from './posix-regex.js';
import type { PvResolver } from './pv-spec.js';
import { FixupError } from './script-api.js';
import { int32, toInt, toStr, type ScriptValue } from './script-value.js';
import type { Expr } from './signals.js';
import { parseUri } from '../sip/index.js';

export interface ExpressionEnv {
  readonly pv: PvResolver;
  /** Compiles a function or route call used as a value. */
  compileCallValue(e: Extract<Expression, { kind: 'call' | 'route-call' }>): Expr;
  /** Resolves a select (`@cfg_get.group.name`). */
  select(text: string): (ctx: MessageContext) => ScriptValue;
}

function then<T, R>(v: T | Promise<T>, f: (v: T) => R | Promise<R>): R | Promise<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}

function both(a: ScriptValue | Promise<ScriptValue>, b: () => ScriptValue | Promise<ScriptValue>, f: (x: ScriptValue, y: ScriptValue) => ScriptValue): ScriptValue | Promise<ScriptValue> {
  return then(a, (x) => then(b(), (y) => f(x, y)));
}

const PROTO_NUMBERS: Readonly<Record<string, number>> = { udp: 1, tcp: 2, tls: 3, sctp: 4, ws: 5, wss: 6 };

/** Generic equality with the left operand's type deciding. */
export function looseEquals(x: ScriptValue, y: ScriptValue): boolean {
  if (typeof x === 'number') return x === toInt(y);
  return toStr(x) === toStr(y);
}

function coreValue(name: CoreKeyword): (ctx: MessageContext) => ScriptValue {
  switch (name) {
    case 'method':
      return (ctx) => (ctx.msg.kind === 'request' ? ctx.msg.method : (ctx.msg.cseq?.method ?? null));
    case 'uri':
      return (ctx) => (ctx.msg.kind === 'request' ? ctx.msg.requestUriText : null);
    case 'from_uri':
      return (ctx) => ctx.msg.from?.uri.raw ?? null;
    case 'to_uri':
      return (ctx) => ctx.msg.to?.uri.raw ?? null;
    case 'status':
      return (ctx) => (ctx.msg.kind === 'response' ? ctx.msg.status : null);
    case 'src_ip':
      return (ctx) => ctx.rcv.src.address;
    case 'src_port':
      return (ctx) => ctx.rcv.src.port;
    case 'dst_ip':
    case 'snd_ip':
    case 'to_ip':
      return (ctx) => ctx.rcv.dst.address;
    case 'dst_port':
    case 'snd_port':
    case 'to_port':
      return (ctx) => ctx.rcv.dst.port;
    case 'proto':
    case 'snd_proto':
      return (ctx) => ctx.rcv.proto;
    case 'af':
    case 'snd_af':
      return (ctx) => (ctx.rcv.src.family === 'IPv6' ? 10 : 2);
    case 'msg:len':
      return (ctx) => {
        const s = ctx.msg.source;
        return s === null ? null : s.end - s.start;
      };
  }
}

/** The URI a URI keyword names, parsed; null when absent; throws when it does not parse. */
function keywordUri(name: CoreKeyword, ctx: MessageContext): { host: string; port: number | null; secure: boolean } | null {
  let text: string | null;
  if (name === 'uri') text = ctx.msg.kind === 'request' ? ctx.msg.requestUriText : null;
  else if (name === 'from_uri') text = ctx.msg.from?.uri.raw ?? null;
  else text = ctx.msg.to?.uri.raw ?? null;
  if (text === null) return null;
  const u = parseUri(text);
  if (u.kind !== 'sip') return { host: '', port: null, secure: false };
  return { host: u.host, port: u.port, secure: u.scheme === 'sips' };
}

export class ExpressionCompiler {
  readonly #env: ExpressionEnv;

  constructor(env: ExpressionEnv) {
    this.#env = env;
  }

  #err(pos: Expression['pos'], e: unknown): never {
    if (e instanceof FixupError) throw new CfgError('E_CFG_SEMANTIC', pos, e.message);
    throw e;
  }

  compile(e: Expression): Expr {
    switch (e.kind) {
      case 'number': {
        const v = e.value;
        return () => v;
      }
      case 'string': {
        const v = e.value;
        return () => v;
      }
      case 'ident': {
        const v = e.name;
        return () => v;
      }
      case 'address': {
        const v = e.mask === undefined ? e.address : `${e.address}/${String(e.mask)}`;
        return () => v;
      }
      case 'socket': {
        const s = e.spec;
        const v = `${s.proto === undefined ? '' : `${s.proto}:`}${s.hosts.join(',')}${s.port === undefined ? '' : `:${String(s.port)}`}`;
        return () => v;
      }
      case 'pv': {
        let acc;
        try {
          acc = this.#env.pv.parsePv(e.text);
        } catch (err) {
          this.#err(e.pos, err);
        }
        const get = acc.get.bind(acc);
        return get;
      }
      case 'select': {
        try {
          return this.#env.select(e.text);
        } catch (err) {
          this.#err(e.pos, err);
        }
        break;
      }
      case 'call':
      case 'route-call':
        return this.#env.compileCallValue(e);
      case 'core': {
        const get = coreValue(e.name);
        return get;
      }
      case 'myself':
        throw new CfgError('E_CFG_SEMANTIC', e.pos, 'myself can only be compared with uri, from_uri, to_uri, src_ip or dst_ip');
      case 'unary':
        return this.#unary(e.op, this.compile(e.operand), e);
      case 'binary':
        return this.#binary(e);
      case 'builtin': {
        const args = e.args.map((a) => this.compile(a));
        const [a, b, c] = args;
        switch (e.name) {
          case 'strlen':
            if (a === undefined || args.length !== 1) throw new CfgError('E_CFG_SEMANTIC', e.pos, 'strlen() takes one argument');
            return (ctx) => then(a(ctx), (v) => toStr(v).length);
          case 'strempty':
            if (a === undefined || args.length !== 1) throw new CfgError('E_CFG_SEMANTIC', e.pos, 'strempty() takes one argument');
            return (ctx) => then(a(ctx), (v) => (v === null || toStr(v) === '' ? 1 : 0));
          case 'selval':
            if (a === undefined || b === undefined || c === undefined || args.length !== 3) throw new CfgError('E_CFG_SEMANTIC', e.pos, 'selval() takes three arguments');
            return (ctx) => then(a(ctx), (v) => (toInt(v) !== 0 ? b(ctx) : c(ctx)));
        }
      }
    }
    throw new Error('unreachable: every expression kind is handled');
  }

  #unary(op: string, x: Expr, e: Expression): Expr {
    switch (op) {
      case '!':
        return (ctx) => then(x(ctx), (v) => (toInt(v) === 0 ? 1 : 0));
      case '-':
        return (ctx) => then(x(ctx), (v) => int32(-toInt(v)));
      case '~':
        return (ctx) => then(x(ctx), (v) => ~toInt(v));
      case 'defined':
        return (ctx) => then(x(ctx), (v) => (v === null ? 0 : 1));
      case '(int)':
        return (ctx) => then(x(ctx), (v) => toInt(v));
      case '(str)':
        return (ctx) => then(x(ctx), (v) => toStr(v));
      default:
        throw new CfgError('E_CFG_SEMANTIC', e.pos, `unsupported operator ${op}`);
    }
  }

  #regexOperand(e: Expression): ((ctx: MessageContext) => RegExp | Promise<RegExp>) {
    if (e.kind === 'string') {
      let re: RegExp;
      try {
        re = compilePosixRegex(e.value);
      } catch (err) {
        this.#err(e.pos, err);
      }
      return () => re;
    }
    const right = this.compile(e);
    let lastSrc: string | null = null;
    let last: RegExp = /$^/;
    return (ctx) =>
      then(right(ctx), (v) => {
        const src = toStr(v);
        if (src !== lastSrc) {
          try {
            last = compilePosixRegex(src);
          } catch {
            last = /$^/;
          }
          lastSrc = src;
        }
        return last;
      });
  }

  #binary(e: BinaryExpr): Expr {
    const op = e.op;
    if (e.left.kind === 'core' || e.left.kind === 'myself' || e.right.kind === 'myself') {
      const special = this.#coreTest(e);
      if (special !== undefined) return special;
    }
    if (op === '&&' || op === '||') {
      const l = this.compile(e.left);
      const r = this.compile(e.right);
      if (op === '&&') return (ctx) => then(l(ctx), (a) => (toInt(a) === 0 ? 0 : then(r(ctx), (b) => (toInt(b) === 0 ? 0 : 1))));
      return (ctx) => then(l(ctx), (a) => (toInt(a) !== 0 ? 1 : then(r(ctx), (b) => (toInt(b) !== 0 ? 1 : 0))));
    }
    if (op === '=~' || op === '!~') {
      const l = this.compile(e.left);
      const re = this.#regexOperand(e.right);
      const neg = op === '!~';
      return (ctx) => then(l(ctx), (a) => then(re(ctx), (r) => (r.test(toStr(a)) !== neg ? 1 : 0)));
    }
    const l = this.compile(e.left);
    const r = this.compile(e.right);
    const f = BINARY[op];
    return (ctx) => both(l(ctx), () => r(ctx), f);
  }

  /** Core keyword tests; undefined when the generic comparison applies. */
  #coreTest(e: BinaryExpr): Expr | undefined {
    let left = e.left;
    let right = e.right;
    if (left.kind === 'myself') [left, right] = [right, left];
    if (left.kind !== 'core') {
      throw new CfgError('E_CFG_SEMANTIC', e.pos, 'myself can only be compared with uri, from_uri, to_uri, src_ip or dst_ip');
    }
    const name = left.name;
    const op = e.op;
    if (op !== '==' && op !== '!=' && op !== '=~' && op !== '!~' && op !== 'eq' && op !== 'ne') return undefined;
    const neg = op === '!=' || op === '!~' || op === 'ne';
    if (right.kind === 'myself') {
      if (name === 'uri' || name === 'from_uri' || name === 'to_uri') {
        return (ctx) => {
          let u;
          try {
            u = keywordUri(name, ctx);
          } catch {
            return -1;
          }
          if (u === null || u.host === '') return -1;
          return ctx.core.isMyself(u.host, u.port, u.secure) !== neg ? 1 : 0;
        };
      }
      if (name === 'src_ip' || name === 'dst_ip' || name === 'snd_ip' || name === 'to_ip') {
        const get = coreValue(name);
        return (ctx) => (ctx.core.isLocalAddress(toStr(get(ctx))) !== neg ? 1 : 0);
      }
      throw new CfgError('E_CFG_SEMANTIC', right.pos, `myself cannot be compared with ${name}`);
    }
    if (op === '=~' || op === '!~') return undefined;
    if ((name === 'src_ip' || name === 'dst_ip') && right.kind === 'address') {
      const list = new BlockList();
      const fam = right.family === 6 ? 'ipv6' : 'ipv4';
      if (right.mask === undefined) list.addAddress(right.address, fam);
      else if (typeof right.mask === 'number') list.addSubnet(right.address, right.mask, fam);
      else {
        const bits = right.mask.split('.').reduce((n, part) => n + (Number(part) >>> 0).toString(2).replace(/0/g, '').length, 0);
        list.addSubnet(right.address, bits, fam);
      }
      const get = coreValue(name);
      return (ctx) => {
        const ip = toStr(get(ctx));
        const family = isIP(ip);
        if (family === 0) return -1;
        return list.check(ip, family === 6 ? 'ipv6' : 'ipv4') !== neg ? 1 : 0;
      };
    }
    if (name === 'proto' || name === 'snd_proto') {
      const r = this.compile(right);
      return (ctx) =>
        then(r(ctx), (v) => {
          const p = ctx.rcv.proto;
          const eq = typeof v === 'number' ? PROTO_NUMBERS[p] === v : p === toStr(v).toLowerCase();
          return eq !== neg ? 1 : 0;
        });
    }
    if ((name === 'method' || name === 'uri' || name === 'from_uri' || name === 'to_uri') && (right.kind === 'string' || right.kind === 'ident')) {
      const want = (right.kind === 'string' ? right.value : right.name).toLowerCase();
      const get = coreValue(name);
      return (ctx) => {
        const v = get(ctx);
        if (v === null) return -1;
        return (toStr(v).toLowerCase() === want) !== neg ? 1 : 0;
      };
    }
    return undefined;
  }
}


const BINARY: Readonly<Record<Exclude<BinaryExpr['op'], '&&' | '||' | '=~' | '!~'>, (x: ScriptValue, y: ScriptValue) => ScriptValue>> = {
  '==': (x, y) => (looseEquals(x, y) ? 1 : 0),
  '!=': (x, y) => (looseEquals(x, y) ? 0 : 1),
  eq: (x, y) => (toStr(x) === toStr(y) ? 1 : 0),
  ne: (x, y) => (toStr(x) === toStr(y) ? 0 : 1),
  ieq: (x, y) => (toInt(x) === toInt(y) ? 1 : 0),
  ine: (x, y) => (toInt(x) === toInt(y) ? 0 : 1),
  '<': (x, y) => (toInt(x) < toInt(y) ? 1 : 0),
  '>': (x, y) => (toInt(x) > toInt(y) ? 1 : 0),
  '<=': (x, y) => (toInt(x) <= toInt(y) ? 1 : 0),
  '>=': (x, y) => (toInt(x) >= toInt(y) ? 1 : 0),
  '+': (x, y) => (typeof x === 'string' || (x === null && typeof y === 'string') ? toStr(x) + toStr(y) : int32(toInt(x) + toInt(y))),
  '-': (x, y) => int32(toInt(x) - toInt(y)),
  '*': (x, y) => int32(Math.imul(toInt(x), toInt(y))),
  '/': (x, y) => {
    const d = toInt(y);
    return d === 0 ? 0 : int32(Math.trunc(toInt(x) / d));
  },
  mod: (x, y) => {
    const d = toInt(y);
    return d === 0 ? 0 : int32(toInt(x) % d);
  },
  '|': (x, y) => toInt(x) | toInt(y),
  '&': (x, y) => toInt(x) & toInt(y),
  '^': (x, y) => toInt(x) ^ toInt(y),
  '<<': (x, y) => int32(toInt(x) << toInt(y)),
  '>>': (x, y) => toInt(x) >> toInt(y),
};
