/**
 * The core actions of the routing language that are not statements: message and branch
 * flags, force_rport and the connection switches, Request-URI rewriting (strip, prefix,
 * rewrite*), append_branch, force_send_socket, log, and stateless forward().
 */
import type { MessageContext } from './message-context.js';
import { SER_ERRORS } from './message-context.js';
import { FixupError, type FixupArgs, type IntArg, type ScriptCall, type ScriptFunction } from './script-api.js';
import { forwardCopy, nextHop } from './stateless.js';
import { parseUri, withSipUriParts, type SipUri } from '../sip/index.js';

function flagArg(args: FixupArgs, i: number): IntArg {
  const a = args.intArg(i);
  if (a.constant !== null && (a.constant < 0 || a.constant > 31)) throw new FixupError(`flag ${String(a.constant)} is out of range 0..31`, i);
  return a;
}

function flagFunction(name: string, op: 'set' | 'reset' | 'test'): ScriptFunction {
  return {
    name,
    args: ['int-pv'],
    keepsRc: op !== 'test',
    fixup(args) {
      const flag = flagArg(args, 0);
      switch (op) {
        case 'set':
          return (ctx) => {
            const n = flag.eval(ctx);
            if (n < 0 || n > 31) return -1;
            ctx.setFlag(n);
            return 1;
          };
        case 'reset':
          return (ctx) => {
            const n = flag.eval(ctx);
            if (n < 0 || n > 31) return -1;
            ctx.resetFlag(n);
            return 1;
          };
        case 'test':
          return (ctx) => (ctx.isFlagSet(flag.eval(ctx)) ? 1 : -1);
      }
    },
  };
}

function branchFlags(ctx: MessageContext, branch: number): number | null {
  if (branch === 0) return ctx.bflags;
  return ctx.branches[branch - 1]?.flags ?? null;
}

function setBranchFlags(ctx: MessageContext, branch: number, flags: number): void {
  if (branch === 0) ctx.bflags = flags;
  else {
    const b = ctx.branches[branch - 1];
    if (b !== undefined) b.flags = flags;
  }
}

function bflagFunction(name: string, op: 'set' | 'reset' | 'test'): ScriptFunction {
  return {
    name,
    args: ['int-pv', 'int-pv'],
    minArgs: 1,
    keepsRc: op !== 'test',
    fixup(args) {
      const flag = flagArg(args, 0);
      const branch = args.has(1) ? args.intArg(1) : null;
      return (ctx) => {
        const n = flag.eval(ctx);
        const b = branch === null ? 0 : branch.eval(ctx);
        const cur = branchFlags(ctx, b);
        if (n < 0 || n > 31 || cur === null) return -1;
        if (op === 'test') return (cur & (1 << n)) !== 0 ? 1 : -1;
        setBranchFlags(ctx, b, op === 'set' ? cur | (1 << n) : cur & ~(1 << n));
        return 1;
      };
    },
  };
}

function simple(name: string, run: (ctx: MessageContext) => number, keepsRc = true): ScriptFunction {
  return { name, args: [], keepsRc, fixup: () => run };
}

/** The current Request-URI as a SIP URI, or null. */
function currentSipUri(ctx: MessageContext): SipUri | null {
  const req = ctx.request;
  if (req === null) return null;
  try {
    const u = req.requestUri;
    return u.kind === 'sip' ? u : null;
  } catch {
    return null;
  }
}

/** Rewrites a part of the Request-URI; returns 1, or -1 when there is no SIP R-URI or the result is invalid. */
function rewrite(ctx: MessageContext, f: (u: SipUri) => SipUri | string): number {
  const req = ctx.request;
  const u = currentSipUri(ctx);
  if (req === null || u === null) return -1;
  try {
    req.setRequestUri(f(u));
  } catch {
    ctx.error = SER_ERRORS.E_BAD_REQ;
    return -1;
  }
  return 1;
}

function ruriFunction(name: string, edit: (u: SipUri, value: string) => SipUri | string): ScriptFunction {
  return {
    name,
    args: ['fmt'],
    keepsRc: true,
    fixup(args) {
      const v = args.fmt(0);
      return (ctx) => rewrite(ctx, (u) => edit(u, v.eval(ctx)));
    },
  };
}

function hostPort(u: SipUri, v: string): SipUri {
  const m = /^(\[[^\]]+\]|[^:]+)(?::([0-9]+))?$/.exec(v);
  if (m === null) throw new Error('bad host:port');
  return withSipUriParts(u, { host: m[1] ?? '', port: m[2] === undefined ? null : Number(m[2]) });
}

const forward: ScriptFunction = {
  name: 'forward',
  args: ['fmt', 'int-pv'],
  minArgs: 0,
  routes: ['request', 'failure', 'branch'],
  fixup(args) {
    const host = args.has(0) ? args.fmt(0) : null;
    const port = args.has(1) ? args.intArg(1) : null;
    return (ctx) => {
      const req = ctx.request;
      if (req === null) return -1;
      let target = ctx.dstUri ?? req.requestUriText;
      if (host !== null) target = `sip:${host.eval(ctx)}${port === null ? '' : `:${String(port.eval(ctx))}`}`;
      const dest = nextHop(ctx, target);
      if (dest === null) {
        ctx.error = SER_ERRORS.E_BAD_ADDRESS;
        return -1;
      }
      try {
        ctx.core.forwardRequest(forwardCopy(ctx, dest.proto), dest);
      } catch {
        ctx.error = SER_ERRORS.E_SEND;
        return -1;
      }
      return 1;
    };
  },
};

const appendBranch: ScriptFunction = {
  name: 'append_branch',
  args: ['fmt', 'str'],
  minArgs: 0,
  fixup(args) {
    const uri = args.has(0) ? args.fmt(0) : null;
    const q = args.has(1) ? Number(args.str(1)) : null;
    if (q !== null && !(q >= 0 && q <= 1)) throw new FixupError('append_branch(): q must be between 0 and 1', 1);
    return (ctx) => {
      const req = ctx.request;
      if (req === null) return -1;
      const u = uri === null ? req.requestUriText : uri.eval(ctx);
      try {
        parseUri(u);
      } catch {
        return -1;
      }
      if (ctx.branches.length >= 11) {
        ctx.error = SER_ERRORS.E_TOO_MANY_BRANCHES;
        return -1;
      }
      ctx.branches.push({ uri: u, dstUri: uri === null ? ctx.dstUri : null, q, flags: uri === null ? ctx.bflags : 0, path: null, socket: ctx.forceSocket });
      return 1;
    };
  },
};

const LOG_DEFAULT = 4;

const log: ScriptFunction = {
  name: 'log',
  args: ['str', 'str'],
  minArgs: 1,
  keepsRc: true,
  fixup(args) {
    // log("text") logs at L_DBG+1 (4, not shown at the usual debug levels); log(level, "text").
    let level = LOG_DEFAULT;
    let text = args.str(0);
    if (args.count === 2) {
      level = Number(text);
      if (!Number.isInteger(level)) throw new FixupError('log(level, text): the level must be an integer', 0);
      text = args.str(1);
    }
    return (ctx) => {
      if (ctx.core.logger.enabled(level)) ctx.core.logger.log(level, '<core>', text);
      return 1;
    };
  },
};

const forceSendSocket: ScriptFunction = {
  name: 'force_send_socket',
  args: ['str'],
  keepsRc: true,
  fixup(args) {
    const spec = args.str(0);
    return (ctx) => {
      const l = ctx.core.listeners().find((s) => `${s.proto}:${s.address}:${String(s.port)}` === spec || s.id === spec);
      if (l === undefined) return -1;
      ctx.forceSocket = l.id;
      return 1;
    };
  },
};

/** Every core function, by name. */
const ALL: readonly ScriptFunction[] = [
    flagFunction('setflag', 'set'),
    flagFunction('resetflag', 'reset'),
    flagFunction('isflagset', 'test'),
    bflagFunction('setbflag', 'set'),
    bflagFunction('resetbflag', 'reset'),
    bflagFunction('isbflagset', 'test'),
    simple('force_rport', (ctx) => ((ctx.forceRport = true), 1)),
    simple('add_rport', (ctx) => ((ctx.forceRport = true), 1)),
    simple('add_local_rport', () => 1),
    simple('force_tcp_alias', () => 1),
    simple('add_tcp_alias', () => 1),
    simple('set_reply_no_connect', (ctx) => ((ctx.replyNoConnect = true), 1)),
    simple('set_forward_no_connect', (ctx) => ((ctx.forwardNoConnect = true), 1)),
    simple('set_reply_close', (ctx) => ((ctx.replyClose = true), 1)),
    simple('set_forward_close', () => 1),
    {
      name: 'strip',
      args: ['int'],
      keepsRc: true,
      fixup(args: FixupArgs): ScriptCall {
        const n = args.int(0);
        return (ctx) => rewrite(ctx, (u) => withSipUriParts(u, { user: (u.user ?? '').slice(n) || null }));
      },
    },
    {
      name: 'strip_tail',
      args: ['int'],
      keepsRc: true,
      fixup(args: FixupArgs): ScriptCall {
        const n = args.int(0);
        return (ctx) => rewrite(ctx, (u) => withSipUriParts(u, { user: (u.user ?? '').slice(0, Math.max(0, (u.user ?? '').length - n)) || null }));
      },
    },
    ruriFunction('prefix', (u, v) => withSipUriParts(u, { user: v + (u.user ?? '') })),
    ruriFunction('rewriteuser', (u, v) => withSipUriParts(u, { user: v.length === 0 ? null : v })),
    ruriFunction('setuser', (u, v) => withSipUriParts(u, { user: v.length === 0 ? null : v })),
    ruriFunction('rewritehost', (u, v) => withSipUriParts(u, { host: v })),
    ruriFunction('sethost', (u, v) => withSipUriParts(u, { host: v })),
    ruriFunction('rewriteport', (u, v) => withSipUriParts(u, { port: v.length === 0 ? null : Number(v) })),
    ruriFunction('setport', (u, v) => withSipUriParts(u, { port: v.length === 0 ? null : Number(v) })),
    ruriFunction('rewritehostport', hostPort),
    ruriFunction('sethostport', hostPort),
    ruriFunction('rewriteuri', (_u, v) => v),
    ruriFunction('seturi', (_u, v) => v),
    appendBranch,
    forward,
    log,
    forceSendSocket,
];

export const CORE_FUNCTIONS: ReadonlyMap<string, ScriptFunction> = new Map(ALL.map((f) => [f.name, f] as const));
