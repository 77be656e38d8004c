/**
 * tm's script functions with Kamailio's return codes (reference/stock-cfg.md §6.4): relaying
 * (`t_relay` and its forced-destination forms), arming routes, stateful replies, transaction
 * checks, fr timers, and the failure_route inspectors.
 */
import type { MessageContext, RouteKind } from '../../cfg/message-context.js';
import { FixupError, type FixupEnv, type FormatArg, type ScriptFunction } from '../../cfg/script-api.js';
import { parseUri } from '../../sip/index.js';
import type { ModuleLogger } from '../module-api.js';
import type { ForcedDestination, TmApi } from './tm-api.js';
import { loadContacts, nextContacts } from './tm-serial.js';
import type { ArmedRoutes } from './tm-state.js';

const REQ_FAIL: readonly RouteKind[] = ['request', 'failure'];
const REQ_FAIL_BRANCH: readonly RouteKind[] = ['request', 'failure', 'branch'];
const TX_ROUTES: readonly RouteKind[] = ['request', 'failure', 'branch', 'onreply'];

/**
 * A forced destination given as `[proto:]host[:port]` (`t_relay_to("udp:10.0.0.1:5060")`,
 * `t_relay("tcp:example.org")`): the `$du` it stands for, or null when it does not parse.
 */
export function destinationOf(spec: string): string | null {
  const m = /^(?:(udp|tcp|tls|sctp|ws|wss):)?(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]+)(?::([0-9]{1,5}))?$/i.exec(spec.trim());
  if (m === null) return null;
  const proto = m[1]?.toLowerCase();
  const host = m[2] ?? '';
  const port = m[3] === undefined ? '' : `:${m[3]}`;
  if (port !== '' && Number(m[3]) > 65535) return null;
  const uri = `sip:${host}${port}${proto === undefined || proto === 'udp' ? (proto === 'udp' ? ';transport=udp' : '') : `;transport=${proto}`}`;
  try {
    parseUri(uri);
  } catch {
    return null;
  }
  return uri;
}

/** `$du` if set, else the Request-URI, forced to a protocol (t_relay_to_udp/tcp without arguments). */
function currentDestination(ctx: MessageContext, proto: 'udp' | 'tcp'): string | null {
  const req = ctx.request;
  if (req === null) return null;
  try {
    const u = parseUri(ctx.dstUri ?? req.requestUriText);
    if (u.kind !== 'sip') return null;
    return `sip:${u.host}${u.port === null ? '' : `:${String(u.port)}`};transport=${proto}`;
  } catch {
    return null;
  }
}

/**
 * `contactsAvp`: the contacts_avp modparam; t_load_contacts/t_next_contacts work only when it
 * is set (Kamailio keeps the contacts in that XAVP; sipd keeps them with the transaction).
 */
export function tmFunctions(api: TmApi, logger: ModuleLogger, contactsAvp: string | null = null): ScriptFunction[] {
  const arm = (kind: 'branch' | 'onreply' | 'failure', fn: string, field: keyof ArmedRoutes): ScriptFunction => ({
    name: fn,
    args: ['str'],
    routes: REQ_FAIL_BRANCH,
    fixup(args, env: FixupEnv) {
      const name = args.str(0);
      // Kamailio only warns about a route that does not exist.
      if (!env.hasRoute(kind, name)) logger.log(0, `${fn}("${name}"): ${kind}_route[${name}] is not defined (${env.pos.file}:${String(env.pos.line)})`);
      return (ctx) => {
        api.run(ctx)[field] = name;
        return 1;
      };
    },
  });

  const forcedRelay = (name: string, proto: 'udp' | 'tcp'): ScriptFunction => ({
    name,
    args: ['fmt', 'fmt'],
    minArgs: 0,
    routes: REQ_FAIL,
    fixup(args) {
      if (args.count === 1) throw new FixupError(`${name}() takes no argument or a host and a port`);
      const host: FormatArg | null = args.has(0) ? args.fmt(0) : null;
      const port: FormatArg | null = args.has(1) ? args.fmt(1) : null;
      return (ctx) => {
        const dst = host === null || port === null ? currentDestination(ctx, proto) : destinationOf(`${proto}:${host.eval(ctx)}:${port.eval(ctx)}`);
        if (dst === null) return -1;
        return api.relay(ctx, { dstUri: dst });
      };
    },
  });

  const inFailure = (name: string, test: (api: TmApi, ctx: MessageContext) => boolean, routes: readonly RouteKind[] = ['failure']): ScriptFunction => ({
    name,
    args: [],
    routes,
    fixup: () => (ctx) => (test(api, ctx) ? 1 : -1),
  });

  return [
    {
      name: 't_relay',
      args: ['fmt', 'fmt'],
      minArgs: 0,
      routes: REQ_FAIL,
      fixup(args) {
        if (!args.has(0)) return (ctx) => api.relay(ctx);
        const a = args.fmt(0);
        const b: FormatArg | null = args.has(1) ? args.fmt(1) : null;
        if (b === null && a.constant !== null && destinationOf(a.constant) === null) {
          throw new FixupError(`t_relay("${a.constant}"): not a destination ([proto:]host[:port])`, 0);
        }
        return (ctx) => {
          const spec = b === null ? a.eval(ctx) : `${a.eval(ctx)}:${b.eval(ctx)}`;
          const dst = destinationOf(spec);
          if (dst === null) return -1;
          const forced: ForcedDestination = { dstUri: dst };
          return api.relay(ctx, forced);
        };
      },
    },
    {
      name: 't_relay_to',
      args: ['fmt', 'int'],
      minArgs: 0,
      routes: REQ_FAIL,
      fixup(args) {
        if (!args.has(0)) return (ctx) => api.relay(ctx);
        const a = args.fmt(0);
        return (ctx) => {
          const dst = destinationOf(a.eval(ctx));
          return dst === null ? -1 : api.relay(ctx, { dstUri: dst });
        };
      },
    },
    forcedRelay('t_relay_to_udp', 'udp'),
    forcedRelay('t_relay_to_tcp', 'tcp'),
    arm('branch', 't_on_branch', 'branchRoute'),
    arm('onreply', 't_on_reply', 'replyRoute'),
    arm('failure', 't_on_failure', 'failureRoute'),
    {
      name: 't_newtran',
      args: [],
      routes: ['request'],
      fixup: () => (ctx) => api.newTransaction(ctx),
    },
    {
      name: 't_reply',
      args: ['int-pv', 'fmt'],
      routes: REQ_FAIL,
      fixup(args) {
        const code = args.intArg(0);
        if (code.constant !== null && (code.constant < 100 || code.constant > 699)) throw new FixupError(`t_reply(): reply code ${String(code.constant)} is not in 100..699`, 0);
        const reason = args.fmt(1);
        return (ctx) => {
          const tx = api.transactionOf(ctx);
          if (tx === null) {
            logger.log(-1, 't_reply: no transaction for this message (use t_newtran() first)');
            return -1;
          }
          return api.reply(ctx, tx, code.eval(ctx), reason.eval(ctx));
        };
      },
    },
    {
      name: 't_check_trans',
      args: [],
      routes: TX_ROUTES,
      fixup: () => (ctx) => {
        if (ctx.routeType !== 'request') return 1;
        const proxy = api.proxy;
        const req = ctx.request;
        if (proxy === null || req === null) return -1;
        if (req.method === 'CANCEL' || req.method === 'ACK') return proxy.findTransaction(req) === undefined ? -1 : 1;
        if (proxy.transactionOf(req) !== undefined) return 1;
        // A retransmission that reached the script (the core absorbs them first): stop here.
        return proxy.findTransaction(req) === undefined ? -1 : 0;
      },
    },
    {
      name: 't_release',
      args: [],
      routes: ['request'],
      fixup: () => (ctx) => (api.transactionOf(ctx) === null ? -1 : 1),
    },
    {
      name: 't_is_set',
      args: ['str'],
      fixup(args) {
        const target = args.str(0);
        const field: keyof ArmedRoutes | null = target === 'branch_route' ? 'branchRoute' : target === 'onreply_route' ? 'replyRoute' : target === 'failure_route' ? 'failureRoute' : null;
        if (field === null) throw new FixupError(`t_is_set("${target}"): expected branch_route, onreply_route or failure_route`, 0);
        return (ctx) => (api.isArmed(ctx, field) ? 1 : -1);
      },
    },
    inFailure('t_is_canceled', (a, ctx) => a.transactionOf(ctx)?.canceled === true, TX_ROUTES),
    {
      name: 't_check_status',
      args: ['regex'],
      routes: ['request', 'failure', 'onreply'],
      fixup(args) {
        const re = args.regex(0);
        return (ctx) => {
          let code: number | null = null;
          if (ctx.routeType === 'request') {
            const tx = api.transactionOf(ctx);
            code = ctx.lastReplyStatus ?? (tx !== null && tx.finalStatus > 0 ? tx.finalStatus : null);
          } else {
            code = api.run(ctx).reply?.status ?? null;
          }
          if (code === null) return -1;
          re.lastIndex = 0;
          return re.test(String(code)) ? 1 : -1;
        };
      },
    },
    inFailure('t_branch_timeout', (a, ctx) => {
      const b = a.transactionOf(ctx)?.bestBranch() ?? null;
      return b !== null && b.local && b.status === 408;
    }),
    inFailure('t_branch_replied', (a, ctx) => {
      const b = a.transactionOf(ctx)?.bestBranch() ?? null;
      return b !== null && !b.local;
    }),
    inFailure('t_any_timeout', (a, ctx) => (a.transactionOf(ctx)?.branches ?? []).some((b) => b.local && b.status === 408), TX_ROUTES),
    inFailure('t_any_replied', (a, ctx) => (a.transactionOf(ctx)?.branches ?? []).some((b) => !b.local && b.status > 0), TX_ROUTES),
    {
      name: 't_drop_replies',
      args: ['str'],
      minArgs: 0,
      routes: ['failure'],
      fixup: () => (ctx) => {
        const tx = api.transactionOf(ctx);
        if (tx === null) return -1;
        for (const b of tx.branches) if (b.completed) b.discarded = true;
        return 1;
      },
    },
    {
      name: 't_load_contacts',
      args: ['int-pv'],
      minArgs: 0,
      routes: REQ_FAIL,
      fixup(args) {
        const mode = args.has(0) ? args.intArg(0) : null;
        if (mode !== null && mode.constant !== null && mode.constant !== 0 && mode.constant !== 1) throw new FixupError(`t_load_contacts(${String(mode.constant)}): mode must be 0 or 1`, 0);
        return (ctx) => {
          if (contactsAvp === null) {
            logger.log(-1, 't_load_contacts: feature has been disabled - to enable define contacts_avp module parameter');
            return -1;
          }
          const m = mode === null ? 0 : mode.eval(ctx);
          if (m !== 0 && m !== 1) return -1;
          const groups = loadContacts(ctx, m);
          if (groups !== null) api.run(ctx).contacts = groups;
          return 1;
        };
      },
    },
    {
      name: 't_next_contacts',
      args: [],
      routes: REQ_FAIL,
      fixup: () => (ctx) => {
        if (contactsAvp === null) {
          logger.log(-1, 't_next_contacts: feature has been disabled - to enable define contacts_avp module parameter');
          return -1;
        }
        return nextContacts(ctx, api.run(ctx).contacts);
      },
    },
    {
      name: 't_set_fr',
      args: ['int-pv', 'int-pv'],
      minArgs: 1,
      routes: REQ_FAIL_BRANCH,
      fixup(args) {
        const inv = args.intArg(0);
        const noninv = args.has(1) ? args.intArg(1) : null;
        return (ctx) => {
          const i = inv.eval(ctx);
          const n = noninv === null ? 0 : noninv.eval(ctx);
          if (i < 0 || n < 0) return -1;
          const tx = api.transactionOf(ctx);
          if (tx !== null) {
            if (i > 0) tx.frInvTimerMs = i;
            if (n > 0) tx.frTimerMs = n;
          } else {
            const s = api.run(ctx);
            if (i > 0) s.frInvMs = i;
            if (n > 0) s.frMs = n;
          }
          return 1;
        };
      },
    },
    {
      name: 't_reset_fr',
      args: [],
      routes: REQ_FAIL_BRANCH,
      fixup: () => (ctx) => {
        const tx = api.transactionOf(ctx);
        const proxy = api.proxy;
        if (tx !== null && proxy !== null) {
          tx.frInvTimerMs = proxy.settings.frInvTimerMs;
          tx.frTimerMs = proxy.settings.frTimerMs;
        }
        const s = api.run(ctx);
        s.frInvMs = 0;
        s.frMs = 0;
        return 1;
      },
    },
  ];
}
