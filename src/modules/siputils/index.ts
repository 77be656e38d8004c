/**
 * siputils: message tests and URI helpers — has_totag, is_request, is_reply, is_first_hop,
 * is_uri_user_e164, is_e164, is_user, uri_param, add_uri_param, is_supported, cmp_uri, cmp_aor.
 */
import { type ScriptFunction } from '../../cfg/script-api.js';
import type { MessageContext } from '../../cfg/message-context.js';
import { parseUri, urisEqual, withSipUriParts, type SipUri } from '../../sip/index.js';
import type { ModuleDefinition } from '../module-api.js';

const E164 = /^\+[1-9][0-9]{1,14}$/;

function sipRuri(ctx: MessageContext): SipUri | null {
  try {
    const u = ctx.request?.requestUri;
    return u?.kind === 'sip' ? u : null;
  } catch {
    return null;
  }
}

function isFirstHop(ctx: MessageContext): boolean {
  const msg = ctx.msg;
  if (msg.kind === 'request') {
    try {
      return msg.vias.length <= 1;
    } catch {
      return false;
    }
  }
  let rr;
  try {
    rr = msg.recordRoutes;
  } catch {
    return false;
  }
  const top = rr[0];
  if (top === undefined) return true;
  if (top.uri.kind !== 'sip' || top.uri.hostType === 'name') return false;
  if (!ctx.core.isMyself(top.uri.host, top.uri.port)) return false;
  const host = top.uri.host.replace(/^\[|\]$/g, '');
  return !(host === ctx.rcv.src.address && (top.uri.port ?? 5060) === ctx.rcv.src.port);
}

export const siputilsModule: ModuleDefinition = {
  name: 'siputils',
  doc: 'SIP message tests and URI helpers',
  params: {
    options_accept: { type: 'str', default: '*/*', doc: 'Accept of options_reply' },
    e164_max_len: { type: 'int', default: 15, doc: 'maximum digits of an E.164 number' },
  },
  create() {
    const test = (name: string, f: (ctx: MessageContext) => boolean): ScriptFunction => ({ name, args: [], fixup: () => (ctx) => (f(ctx) ? 1 : -1) });
    const functions: ScriptFunction[] = [
      test('has_totag', (ctx) => {
        try {
          const tag = ctx.msg.to?.tag;
          return tag !== null && tag !== undefined && tag.length > 0;
        } catch {
          return false;
        }
      }),
      test('is_request', (ctx) => ctx.msg.kind === 'request'),
      test('is_reply', (ctx) => ctx.msg.kind === 'response'),
      test('is_first_hop', isFirstHop),
      test('is_uri_user_e164', (ctx) => E164.test(sipRuri(ctx)?.user ?? '')),
      {
        name: 'is_e164',
        args: ['fmt'],
        fixup(args) {
          const v = args.fmt(0);
          return (ctx) => {
            const s = v.eval(ctx);
            let user = s;
            if (s.includes(':')) {
              try {
                const u = parseUri(s);
                user = u.kind === 'sip' ? (u.user ?? '') : u.kind === 'tel' ? u.number : '';
              } catch {
                return -2;
              }
            }
            return E164.test(user) ? 1 : -1;
          };
        },
      },
      {
        name: 'is_user',
        args: ['fmt'],
        fixup(args) {
          const v = args.fmt(0);
          return (ctx) => {
            const u = ctx.msg.kind === 'request' ? sipRuri(ctx) : null;
            return u !== null && u.user === v.eval(ctx) ? 1 : -1;
          };
        },
      },
      {
        name: 'uri_param',
        args: ['fmt', 'fmt'],
        minArgs: 1,
        fixup(args) {
          const name = args.fmt(0);
          const value = args.has(1) ? args.fmt(1) : null;
          return (ctx) => {
            const u = sipRuri(ctx);
            if (u === null) return -1;
            const n = name.eval(ctx).toLowerCase();
            if (!u.params.has(n)) return -1;
            if (value === null) return 1;
            return u.params.get(n) === value.eval(ctx) ? 1 : -1;
          };
        },
      },
      {
        name: 'add_uri_param',
        args: ['fmt'],
        fixup(args) {
          const p = args.fmt(0);
          return (ctx) => {
            const req = ctx.request;
            const u = sipRuri(ctx);
            if (req === null || u === null) return -1;
            const text = p.eval(ctx);
            const eq = text.indexOf('=');
            const params = new Map(u.params);
            params.set((eq < 0 ? text : text.slice(0, eq)).toLowerCase(), eq < 0 ? null : text.slice(eq + 1));
            try {
              req.setRequestUri(withSipUriParts(u, { params }));
            } catch {
              return -1;
            }
            return 1;
          };
        },
      },
      {
        name: 'is_supported',
        args: ['str'],
        fixup(args) {
          const opt = args.str(0).toLowerCase();
          return (ctx) => (ctx.msg.headerList('supported').some((s) => s.toLowerCase() === opt) ? 1 : -1);
        },
      },
      {
        name: 'cmp_uri',
        args: ['fmt', 'fmt'],
        fixup(args) {
          const a = args.fmt(0);
          const b = args.fmt(1);
          return (ctx) => {
            try {
              return urisEqual(parseUri(a.eval(ctx)), parseUri(b.eval(ctx))) ? 1 : -1;
            } catch {
              return -2;
            }
          };
        },
      },
      {
        name: 'cmp_aor',
        args: ['fmt', 'fmt'],
        fixup(args) {
          const a = args.fmt(0);
          const b = args.fmt(1);
          return (ctx) => {
            try {
              const x = parseUri(a.eval(ctx));
              const y = parseUri(b.eval(ctx));
              if (x.kind !== 'sip' || y.kind !== 'sip') return -1;
              return x.user === y.user && x.host.toLowerCase() === y.host.toLowerCase() ? 1 : -1;
            } catch {
              return -2;
            }
          };
        },
      },
    ];
    return { functions };
  },
};
