/**
 * rr: Record-Route and loose routing (RFC 3261 §16.6 step 4, §16.4, §16.12). record_route,
 * record_route_preset, add_rr_param, loose_route (1 routed; -1 no Route; -3 an initial request
 * with a preloaded Route of ours), check_route_param and is_direction on the Route that
 * loose_route consumed.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import type { MessageContext } from '../../cfg/message-context.js';
import { parseNameAddrList, type NameAddr } from '../../sip/index.js';
import type { ModuleDefinition } from '../module-api.js';

interface RrState {
  /** The Record-Route value we inserted (without added params), when record_route ran. */
  recorded: string | null;
  params: string;
  /** Parameters of the Route URI loose_route consumed (from the first ';'). */
  routeParams: string | null;
}

function uriParams(raw: string): string {
  const semi = raw.indexOf(';');
  if (semi < 0) return '';
  const q = raw.indexOf('?', semi);
  return raw.slice(semi, q < 0 ? undefined : q);
}

function routeValues(ctx: MessageContext): NameAddr[] | null {
  try {
    return ctx.msg.headerValues('route').flatMap((v) => parseNameAddrList(v, 'E_SIP_PARSE_ROUTE'));
  } catch {
    return null;
  }
}

function writeRoutes(ctx: MessageContext, routes: readonly NameAddr[]): void {
  ctx.msg.removeHeaders('route');
  for (const r of routes) ctx.msg.appendHeader('Route', r.raw);
}

export const rrModule: ModuleDefinition = {
  name: 'rr',
  doc: 'Record-Route and loose routing',
  params: {
    enable_full_lr: { type: 'int', default: 0, doc: 'write ;lr=on instead of ;lr' },
    append_fromtag: { type: 'int', default: 1, doc: 'add ;ftag=<From tag> to Record-Route' },
    enable_double_rr: { type: 'int', default: 1, doc: 'two Record-Routes when the outgoing socket differs' },
    add_username: { type: 'int', default: 0, doc: 'put the R-URI user into the Record-Route URI' },
    ignore_user: { type: 'int', default: 1, doc: 'ignore the user part when checking whether a Route is ours' },
    force_send_socket: { type: 'int', default: 0, doc: 'force the socket of the Route' },
  },
  create(mod) {
    const fullLr = mod.params.int('enable_full_lr') !== 0 ? ';lr=on' : ';lr';
    const fromTag = mod.params.int('append_fromtag') !== 0;
    const addUser = mod.params.int('add_username') !== 0;
    const states = new WeakMap<MessageContext, RrState>();
    const state = (ctx: MessageContext): RrState => {
      let s = states.get(ctx);
      if (s === undefined) {
        s = { recorded: null, params: '', routeParams: null };
        states.set(ctx, s);
      }
      return s;
    };
    const tagParam = (ctx: MessageContext): string => {
      if (!fromTag) return '';
      try {
        const t = ctx.msg.from?.tag;
        return t === null || t === undefined ? '' : `;ftag=${t}`;
      } catch {
        return '';
      }
    };
    /** Puts our Record-Route (with the params added so far) at the top, replacing an earlier one of ours. */
    const writeRecord = (ctx: MessageContext, s: RrState, replace: boolean): void => {
      if (s.recorded === null) return;
      const value = s.recorded.replace(/>$/, `${s.params}>`);
      if (replace) {
        const values = ctx.msg.headerValues('record-route');
        ctx.msg.removeHeaders('record-route');
        values.shift();
        for (const v of values) ctx.msg.appendHeader('Record-Route', v);
      }
      ctx.msg.insertHeader('Record-Route', value);
    };
    const ownUri = (ctx: MessageContext, user: string | null, preset: string | null): string => {
      const l = mod.core.listener(ctx.rcv) ?? mod.core.listeners()[0];
      let hostPort = preset;
      if (hostPort === null) {
        const host = l?.advertise?.host ?? l?.address ?? ctx.rcv.dst.address;
        const port = l?.advertise?.port ?? l?.port ?? ctx.rcv.dst.port;
        const proto = l?.proto ?? ctx.rcv.proto;
        const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
        hostPort = `${h}${port === (proto === 'tls' ? 5061 : 5060) ? '' : `:${String(port)}`}${proto === 'udp' ? '' : `;transport=${proto}`}`;
      }
      return `<sip:${user === null ? '' : `${user}@`}${hostPort}${fullLr}${tagParam(ctx)}>`;
    };
    const ruriUser = (ctx: MessageContext): string | null => {
      if (!addUser) return null;
      try {
        const u = ctx.request?.requestUri;
        return u?.kind === 'sip' ? u.user : null;
      } catch {
        return null;
      }
    };
    const isOurs = (r: NameAddr): boolean => r.uri.kind === 'sip' && mod.core.isMyself(r.uri.host, r.uri.port, r.uri.scheme === 'sips');

    const functions: ScriptFunction[] = [
      {
        name: 'record_route',
        args: ['fmt'],
        minArgs: 0,
        routes: ['request', 'branch', 'failure'],
        fixup(args) {
          const extra = args.has(0) ? args.fmt(0) : null;
          return (ctx) => {
            if (ctx.msg.kind !== 'request') return -1;
            const s = state(ctx);
            if (s.recorded !== null) {
              mod.logger.log(-1, 'Double attempt to record-route');
              return -1;
            }
            let uri = ownUri(ctx, ruriUser(ctx), null);
            if (extra !== null) uri = uri.replace(/>$/, `${extra.eval(ctx)}>`);
            s.recorded = uri;
            writeRecord(ctx, s, false);
            return 1;
          };
        },
      },
      {
        name: 'record_route_preset',
        args: ['fmt', 'fmt'],
        minArgs: 1,
        routes: ['request', 'branch', 'failure'],
        fixup(args) {
          const first = args.fmt(0);
          return (ctx) => {
            if (ctx.msg.kind !== 'request') return -1;
            const s = state(ctx);
            if (s.recorded !== null) return -1;
            const text = first.eval(ctx).replace(/^sips?:/, '');
            s.recorded = ownUri(ctx, ruriUser(ctx), text);
            writeRecord(ctx, s, false);
            return 1;
          };
        },
      },
      {
        name: 'add_rr_param',
        args: ['fmt'],
        routes: ['request', 'branch', 'failure'],
        fixup(args) {
          const p = args.fmt(0);
          return (ctx) => {
            const s = state(ctx);
            const text = p.eval(ctx);
            s.params += text.startsWith(';') ? text : `;${text}`;
            if (s.recorded !== null) writeRecord(ctx, s, true);
            return 1;
          };
        },
      },
      {
        name: 'loose_route',
        args: [],
        routes: ['request'],
        fixup: () => (ctx) => {
          if (ctx.msg.kind !== 'request') return -1;
          const routes = routeValues(ctx);
          if (routes === null || routes.length === 0) return -1;
          let hasToTag = false;
          try {
            hasToTag = (ctx.msg.to?.tag ?? '').length > 0;
          } catch {
            hasToTag = false;
          }
          const top = routes[0];
          if (top === undefined) return -1;
          if (!isOurs(top)) {
            ctx.dstUri = top.uri.raw;
            return 1;
          }
          const s = state(ctx);
          s.routeParams = uriParams(top.uri.raw);
          let consumed = 1;
          const second = routes[1];
          if (second !== undefined && isOurs(second) && top.uri.kind === 'sip' && top.uri.params.get('r2') === 'on') consumed = 2;
          const rest = routes.slice(consumed);
          writeRoutes(ctx, rest);
          const next = rest[0];
          if (next !== undefined) ctx.dstUri = next.uri.raw;
          return hasToTag ? 1 : -3;
        },
      },
      {
        name: 'check_route_param',
        args: ['regex'],
        routes: ['request'],
        fixup(args) {
          const re = args.regex(0);
          return (ctx) => {
            const p = states.get(ctx)?.routeParams ?? null;
            return p !== null && re.test(p) ? 1 : -1;
          };
        },
      },
      {
        name: 'is_direction',
        args: ['str'],
        routes: ['request'],
        fixup(args) {
          const dir = args.str(0);
          if (dir !== 'downstream' && dir !== 'upstream') throw new FixupError('is_direction(): expected "downstream" or "upstream"', 0);
          return (ctx) => {
            const p = states.get(ctx)?.routeParams ?? null;
            if (p === null) return -1;
            const m = /;ftag=([^;]*)/i.exec(p);
            if (m === null) return -1;
            let tag: string | null = null;
            try {
              tag = ctx.msg.from?.tag ?? null;
            } catch {
              return -1;
            }
            const downstream = tag === m[1];
            return (dir === 'downstream') === downstream ? 1 : -1;
          };
        },
      },
    ];
    return { functions };
  },
};
