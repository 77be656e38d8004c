/**
 * pv: the pseudo-variables of the routing language — the request line ($ru $rU $rd $rp $rm),
 * From/To ($fu $fU $fd $fn $ft, $tu …), transport ($si $sp $Ri $Rp $pr), headers ($hdr(name),
 * $ua, $ci, $cs), reply ($rs $rr), the destination set ($du $bf), and the variables $var
 * (per worker, persistent), $avp (per message, a stack per name) and $shv (shared).
 */
import { parseNameAddr, parseUri, withSipUriParts, type NameAddr, type SipUri } from '../../sip/index.js';
import type { MessageContext } from '../../cfg/message-context.js';
import { FixupError, type PvAccessor, type PvDefinition } from '../../cfg/script-api.js';
import { toInt, toStr, type ScriptValue } from '../../cfg/script-value.js';
import type { ModuleDefinition } from '../module-api.js';

function emptyToNull(s: string | null | undefined): ScriptValue {
  return s === null || s === undefined || s.length === 0 ? null : s;
}

function ruri(ctx: MessageContext): SipUri | null {
  const req = ctx.request;
  if (req === null) return null;
  try {
    const u = req.requestUri;
    return u.kind === 'sip' ? u : null;
  } catch {
    return null;
  }
}

function setRuriPart(ctx: MessageContext, edit: (u: SipUri) => SipUri): void {
  const req = ctx.request;
  const u = ruri(ctx);
  if (req === null || u === null) return;
  try {
    req.setRequestUri(edit(u));
  } catch {
    ctx.core.logger.log(-1, 'pv', 'cannot set a part of the R-URI: invalid result');
  }
}

function addr(ctx: MessageContext, which: 'from' | 'to'): NameAddr | null {
  try {
    return which === 'from' ? ctx.msg.from : ctx.msg.to;
  } catch {
    return null;
  }
}

function addrUri(ctx: MessageContext, which: 'from' | 'to'): SipUri | null {
  const a = addr(ctx, which);
  return a !== null && a.uri.kind === 'sip' ? a.uri : null;
}

/** Rewrites the From or To header with a new URI and/or display name, keeping its parameters. */
function setAddr(ctx: MessageContext, which: 'from' | 'to', uri: string | null, display?: string | null): void {
  const a = addr(ctx, which);
  if (a === null) return;
  const newUri = uri ?? a.uri.raw;
  try {
    parseUri(newUri);
  } catch {
    ctx.core.logger.log(-1, 'pv', `cannot set the ${which} URI to ${newUri}: invalid URI`);
    return;
  }
  const name = display === undefined ? a.displayName : display;
  let params = '';
  for (const [k, v] of a.params) params += v === null ? `;${k}` : `;${k}=${v}`;
  const value = `${name === null || name.length === 0 ? '' : `"${name.replace(/(["\\])/g, '\\$1')}" `}<${newUri}>${params}`;
  parseNameAddr(value, which === 'from' ? 'E_SIP_PARSE_FROM' : 'E_SIP_PARSE_TO');
  ctx.msg.replaceHeader(which === 'from' ? 'From' : 'To', value);
}

function uriPartSetter(which: 'from' | 'to', part: 'user' | 'host'): (ctx: MessageContext, v: ScriptValue) => void {
  return (ctx, v) => {
    const u = addrUri(ctx, which);
    if (u === null) return;
    const s = toStr(v);
    try {
      const nu = part === 'user' ? withSipUriParts(u, { user: s.length === 0 ? null : s }) : withSipUriParts(u, { host: s });
      setAddr(ctx, which, nu.raw);
    } catch {
      ctx.core.logger.log(-1, 'pv', `cannot set the ${which} URI ${part} to ${s}`);
    }
  };
}

function ro(name: string, get: (ctx: MessageContext) => ScriptValue): PvDefinition {
  const acc: PvAccessor = { get };
  return { name, inner: 'none', parse: () => acc };
}

function rw(name: string, get: (ctx: MessageContext) => ScriptValue, set: (ctx: MessageContext, v: ScriptValue) => void): PvDefinition {
  const acc: PvAccessor = { get, set };
  return { name, inner: 'none', parse: () => acc };
}

function header(ctx: MessageContext, name: string): string | null {
  return ctx.msg.header(name) ?? null;
}

function socketText(ctx: MessageContext): string {
  return `${ctx.rcv.proto}:${ctx.rcv.dst.address}:${String(ctx.rcv.dst.port)}`;
}

/** The pseudo-variables that need no per-instance state. */
function stateless(): PvDefinition[] {
  return [
    rw('ru', (ctx) => ctx.request?.requestUriText ?? null, (ctx, v) => {
      const req = ctx.request;
      if (req === null || v === null) return;
      try {
        req.setRequestUri(toStr(v));
      } catch {
        ctx.core.logger.log(-1, 'pv', `cannot set $ru to ${toStr(v)}: invalid URI`);
      }
    }),
    rw('rU', (ctx) => {
      const req = ctx.request;
      if (req === null) return null;
      try {
        const u = req.requestUri;
        return u.kind === 'sip' ? emptyToNull(u.user) : u.kind === 'tel' ? u.number : null;
      } catch {
        return null;
      }
    }, (ctx, v) => {
      setRuriPart(ctx, (u) => withSipUriParts(u, { user: v === null || toStr(v) === '' ? null : toStr(v) }));
    }),
    rw('rd', (ctx) => ruri(ctx)?.host ?? null, (ctx, v) => {
      setRuriPart(ctx, (u) => withSipUriParts(u, { host: toStr(v) }));
    }),
    rw('rp', (ctx) => {
      const u = ruri(ctx);
      return u === null ? null : (u.port ?? (u.scheme === 'sips' ? 5061 : 5060));
    }, (ctx, v) => {
      setRuriPart(ctx, (u) => withSipUriParts(u, { port: v === null || toStr(v) === '' ? null : toInt(v) }));
    }),
    ro('rz', (ctx) => {
      try {
        return ctx.request?.requestUri.scheme ?? null;
      } catch {
        return null;
      }
    }),
    rw('du', (ctx) => ctx.dstUri, (ctx, v) => {
      if (v === null || toStr(v) === '') {
        ctx.dstUri = null;
        return;
      }
      try {
        parseUri(toStr(v));
        ctx.dstUri = toStr(v);
      } catch {
        ctx.core.logger.log(-1, 'pv', `cannot set $du to ${toStr(v)}: invalid URI`);
      }
    }),
    rw('fs', (ctx) => ctx.forceSocket, (ctx, v) => {
      const spec = toStr(v);
      const l = ctx.core.listeners().find((s) => s.id === spec || `${s.proto}:${s.address}:${String(s.port)}` === spec);
      ctx.forceSocket = v === null ? null : (l?.id ?? null);
    }),
    rw('bf', (ctx) => ctx.bflags, (ctx, v) => {
      ctx.bflags = toInt(v);
    }),
    rw('mf', (ctx) => ctx.flags, (ctx, v) => {
      ctx.flags = toInt(v);
    }),
    rw('fu', (ctx) => addr(ctx, 'from')?.uri.raw ?? null, (ctx, v) => {
      setAddr(ctx, 'from', toStr(v));
    }),
    rw('fU', (ctx) => emptyToNull(addrUri(ctx, 'from')?.user), uriPartSetter('from', 'user')),
    rw('fd', (ctx) => addrUri(ctx, 'from')?.host ?? null, uriPartSetter('from', 'host')),
    rw('fn', (ctx) => addr(ctx, 'from')?.displayName ?? null, (ctx, v) => {
      setAddr(ctx, 'from', null, v === null ? null : toStr(v));
    }),
    ro('ft', (ctx) => addr(ctx, 'from')?.tag ?? null),
    rw('tu', (ctx) => addr(ctx, 'to')?.uri.raw ?? null, (ctx, v) => {
      setAddr(ctx, 'to', toStr(v));
    }),
    rw('tU', (ctx) => emptyToNull(addrUri(ctx, 'to')?.user), uriPartSetter('to', 'user')),
    rw('td', (ctx) => addrUri(ctx, 'to')?.host ?? null, uriPartSetter('to', 'host')),
    rw('tn', (ctx) => addr(ctx, 'to')?.displayName ?? null, (ctx, v) => {
      setAddr(ctx, 'to', null, v === null ? null : toStr(v));
    }),
    ro('tt', (ctx) => addr(ctx, 'to')?.tag ?? null),
    ro('si', (ctx) => ctx.rcv.src.address),
    ro('sp', (ctx) => ctx.rcv.src.port),
    ro('Ri', (ctx) => ctx.rcv.dst.address),
    ro('Rp', (ctx) => ctx.rcv.dst.port),
    ro('RAi', (ctx) => ctx.core.listener(ctx.rcv)?.advertise?.host ?? ctx.rcv.dst.address),
    ro('RAp', (ctx) => ctx.core.listener(ctx.rcv)?.advertise?.port ?? ctx.rcv.dst.port),
    ro('pr', (ctx) => ctx.rcv.proto),
    ro('proto', (ctx) => ctx.rcv.proto),
    ro('af', (ctx) => (ctx.rcv.src.family === 'IPv6' ? 'ipv6' : 'ipv4')),
    ro('sas', (ctx) => `${ctx.rcv.proto}:${ctx.rcv.src.address}:${String(ctx.rcv.src.port)}`),
    ro('Rn', (ctx) => ctx.core.listener(ctx.rcv)?.id ?? socketText(ctx)),
    ro('rm', (ctx) => (ctx.msg.kind === 'request' ? ctx.msg.method : (ctx.msg.cseq?.method ?? null))),
    ro('rs', (ctx) => (ctx.msg.kind === 'response' ? ctx.msg.status : null)),
    ro('rr', (ctx) => (ctx.msg.kind === 'response' ? ctx.msg.reason : null)),
    ro('rv', (ctx) => ctx.msg.version),
    ro('ci', (ctx) => header(ctx, 'call-id')),
    ro('cs', (ctx) => ctx.msg.cseq?.seq ?? null),
    ro('ua', (ctx) => header(ctx, 'user-agent')),
    ro('ct', (ctx) => header(ctx, 'contact')),
    ro('cT', (ctx) => header(ctx, 'content-type')),
    ro('cl', (ctx) => ctx.msg.body.length),
    ro('rb', (ctx) => (ctx.msg.body.length === 0 ? null : ctx.msg.body.toString('utf8'))),
    ro('ai', (ctx) => header(ctx, 'p-asserted-identity')),
    ro('re', (ctx) => header(ctx, 'remote-party-id')),
    ro('mt', (ctx) => (ctx.msg.kind === 'request' ? 1 : 2)),
    ro('ml', (ctx) => {
      const s = ctx.msg.source;
      return s === null ? null : s.end - s.start;
    }),
    ro('mb', (ctx) => {
      const s = ctx.msg.source;
      return s === null ? null : s.buf.toString('utf8', s.start, s.end);
    }),
    ro('null', () => null),
    ro('Ts', (ctx) => Math.floor(ctx.core.clock.now() / 1000)),
    ro('br', (ctx) => ctx.branches[0]?.uri ?? null),
    ro('rt', (ctx) => header(ctx, 'refer-to')),
    {
      name: 'hdr',
      inner: 'required',
      parse(inner) {
        const name = (inner ?? '').trim();
        if (name.length === 0 || !/^[A-Za-z0-9!%'*+._`~-]+$/.test(name)) throw new FixupError(`$hdr(${name}): not a header name`);
        return { get: (ctx) => ctx.msg.header(name) ?? null, all: (ctx) => ctx.msg.headerValues(name) };
      },
    },
    {
      name: 'hdrc',
      inner: 'required',
      parse(inner) {
        const name = (inner ?? '').trim();
        return { get: (ctx) => ctx.msg.fields(name).length };
      },
    },
    {
      name: 'var',
      inner: 'required',
      parse(inner) {
        const name = (inner ?? '').trim();
        if (name.length === 0) throw new FixupError('$var() needs a name');
        return {
          get: (ctx) => ctx.worker.vars.get(name) ?? 0,
          set: (ctx, v) => {
            ctx.worker.vars.set(name, v ?? 0);
          },
        };
      },
    },
    {
      name: 'avp',
      inner: 'required',
      parse(inner, env) {
        const text = (inner ?? '').trim().replace(/^[si]:/, '');
        if (text.length === 0) throw new FixupError('$avp() needs a name');
        const name = env.parseFormat(text);
        return {
          get: (ctx) => ctx.avp(name.eval(ctx)),
          set: (ctx, v) => {
            const n = name.eval(ctx);
            if (v === null) ctx.avps.get(n)?.pop();
            else ctx.pushAvp(n, v);
          },
          all: (ctx) => [...(ctx.avps.get(name.eval(ctx)) ?? [])].reverse(),
        };
      },
    },
  ];
}

export const pvModule: ModuleDefinition = {
  name: 'pv',
  doc: 'pseudo-variables: message fields, transport, $var, $avp, $shv',
  params: {
    shvset: { type: 'str', default: null, multi: true, doc: 'initial $shv value: "name=i:1" or "name=s:text"' },
    varset: { type: 'str', default: null, multi: true, doc: 'initial $var value: "name=i:1" or "name=s:text"' },
  },
  create(ctx) {
    const shv = new Map<string, ScriptValue>();
    const initial = (spec: number | string): [string, ScriptValue] => {
      const m = /^([^=]+)=([is]):(.*)$/.exec(String(spec));
      if (m === null) throw new FixupError(`pv: bad initial value ${String(spec)} (expected name=i:1 or name=s:text)`);
      return [m[1] ?? '', m[2] === 'i' ? toInt(m[3] ?? '') : (m[3] ?? '')];
    };
    for (const s of ctx.params.all('shvset')) {
      const [n, v] = initial(s);
      shv.set(n, v);
    }
    const varInit = ctx.params.all('varset').map(initial);
    const defs = stateless();
    if (varInit.length > 0) {
      const plain = defs.find((d) => d.name === 'var');
      if (plain !== undefined) {
        const idx = defs.indexOf(plain);
        defs[idx] = {
          name: 'var',
          inner: 'required',
          parse(inner, env) {
            const acc = plain.parse(inner, env);
            const name = (inner ?? '').trim();
            const init = varInit.find(([n]) => n === name);
            if (init === undefined) return acc;
            return {
              get: (c) => (c.worker.vars.has(name) ? acc.get(c) : init[1]),
              set: (c, v) => acc.set?.(c, v),
            };
          },
        };
      }
    }
    defs.push({
      name: 'shv',
      inner: 'required',
      parse(inner) {
        const name = (inner ?? '').trim();
        if (name.length === 0) throw new FixupError('$shv() needs a name');
        return {
          get: () => shv.get(name) ?? null,
          set: (_c, v) => {
            shv.set(name, v);
          },
        };
      },
    });
    return { pvs: defs, api: { shv } };
  },
};
