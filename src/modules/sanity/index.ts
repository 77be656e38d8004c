/**
 * sanity: `sanity_check([msg_checks [, uri_checks]])` with Kamailio's check numbers, run in
 * Kamailio's order (1, 2, 4, 16384, 8, 16, 32, 64, 128, 256, 512, 1024). A failed check sends
 * Kamailio's reply text (requests only; some failures are silent) and returns -1 with
 * `autodrop=0`, or 0 (the script stops) with `autodrop=1`. The checks read the message through
 * the src/sip accessors, whose parse errors decide what "cannot be parsed" means.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import type { MessageContext } from '../../cfg/message-context.js';
import type { SlApi } from '../sl/index.js';
import { SlApi as SlApiClass } from '../sl/index.js';
import type { ModuleDefinition } from '../module-api.js';

export const SANITY = {
  RURI_SIP_VERSION: 1,
  RURI_SCHEME: 2,
  REQUIRED_HEADERS: 4,
  VIA_SIP_VERSION: 8,
  VIA_PROTOCOL: 16,
  CSEQ_METHOD: 32,
  CSEQ_VALUE: 64,
  CL: 128,
  EXPIRES_VALUE: 256,
  PROXY_REQUIRE: 512,
  PARSE_URIS: 1024,
  CHECK_DIGEST: 2048,
  CHECK_DUPTAGS: 4096,
  CHECK_AUTHORIZATION: 8192,
  VIA1_HEADER: 16384,
} as const;

export const URI_CHECKS = { RURI: 1, FROM: 2, TO: 4, CONTACT: 8 } as const;

/** A failure: the reply to send (null: fail silently). */
type Failure = { status: number; reason: string; extra?: [string, string][] } | null;
type Check = (ctx: MessageContext, uriChecks: number) => Failure | undefined;

function tryRead<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

const TRANSPORTS = new Set(['UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS']);

const CHECKS: readonly (readonly [number, Check])[] = [
  [SANITY.RURI_SIP_VERSION, (ctx) => (ctx.msg.kind === 'request' && ctx.msg.version.toUpperCase() !== 'SIP/2.0' ? { status: 505, reason: 'Version Not Supported (R-URI)' } : undefined)],
  [
    SANITY.RURI_SCHEME,
    (ctx) => {
      const req = ctx.request;
      if (req === null) return undefined;
      const u = tryRead(() => req.requestUri);
      if (u === undefined) return { status: 400, reason: 'Bad Request URI' };
      return u.kind === 'sip' || u.kind === 'tel' || u.scheme === 'tels' ? undefined : { status: 416, reason: 'Unsupported URI Scheme in Request URI' };
    },
  ],
  [
    SANITY.REQUIRED_HEADERS,
    (ctx) => {
      const m = ctx.msg;
      for (const h of ['from', 'to', 'call-id', 'cseq']) if (!m.hasHeader(h)) return { status: 400, reason: 'Missing Required Header in Request' };
      if (m.fields('call-id').length > 1 || m.fields('cseq').length > 1) return null;
      if (m.fields('from').length > 1 || m.fields('to').length > 1) return null;
      return undefined;
    },
  ],
  [
    SANITY.VIA1_HEADER,
    (ctx) => {
      const v = tryRead(() => ctx.msg.topVia);
      return v === undefined || v === null || v.host.length === 0 ? null : undefined;
    },
  ],
  [
    SANITY.VIA_SIP_VERSION,
    (ctx) => {
      const v = tryRead(() => ctx.msg.topVia);
      if (v === undefined || v === null) return null;
      return v.protocol === 'SIP' && v.version === '2.0' ? undefined : { status: 505, reason: 'Version Not Supported (Via)' };
    },
  ],
  [
    SANITY.VIA_PROTOCOL,
    (ctx) => {
      const v = tryRead(() => ctx.msg.topVia);
      if (v === undefined || v === null) return null;
      return TRANSPORTS.has(v.transport) ? undefined : { status: 400, reason: 'Unsupported Transport in Topmost Via' };
    },
  ],
  [
    SANITY.CSEQ_METHOD,
    (ctx) => {
      const raw = ctx.msg.header('cseq');
      if (raw === undefined) return undefined;
      const parts = raw.trim().split(/\s+/);
      if (parts.length < 2) return { status: 400, reason: 'Missing method in CSeq header' };
      if (ctx.msg.kind === 'request' && parts[1] !== ctx.msg.method) return { status: 400, reason: 'CSeq method does not match request method' };
      return undefined;
    },
  ],
  [
    SANITY.CSEQ_VALUE,
    (ctx) => {
      const raw = ctx.msg.header('cseq');
      if (raw === undefined) return undefined;
      const num = raw.trim().split(/\s+/)[0] ?? '';
      if (num.length === 0) return { status: 400, reason: 'Missing number in CSeq header' };
      return /^[0-9]{1,10}$/.test(num) && Number(num) <= 0xffffffff ? undefined : { status: 400, reason: 'CSeq number is illegal' };
    },
  ],
  [
    SANITY.CL,
    (ctx) => {
      const raw = ctx.msg.header('content-length');
      if (raw === undefined) return undefined;
      if (!/^\s*[0-9]+\s*$/.test(raw)) return { status: 400, reason: 'Content-Length Failure' };
      return Number(raw) === ctx.msg.body.length ? undefined : { status: 400, reason: 'Content-Length mis-match' };
    },
  ],
  [
    SANITY.EXPIRES_VALUE,
    (ctx) => {
      const raw = ctx.msg.header('expires');
      if (raw === undefined) return undefined;
      const t = raw.trim();
      if (t.length === 0) return { status: 400, reason: 'Missing number in Expires header' };
      return /^[0-9]{1,10}$/.test(t) && Number(t) <= 0xffffffff ? undefined : { status: 400, reason: 'Expires value is illegal' };
    },
  ],
  [
    SANITY.PROXY_REQUIRE,
    (ctx) => {
      const list = ctx.msg.headerList('proxy-require');
      return list.length === 0 ? undefined : { status: 420, reason: 'Bad Extension', extra: [['Unsupported', list.join(', ')]] };
    },
  ],
  [
    SANITY.PARSE_URIS,
    (ctx, uriChecks) => {
      const m = ctx.msg;
      const req = ctx.request;
      if ((uriChecks & URI_CHECKS.RURI) !== 0 && req !== null && tryRead(() => req.requestUri) === undefined) return { status: 400, reason: 'Bad Request URI' };
      if ((uriChecks & URI_CHECKS.FROM) !== 0 && m.hasHeader('from') && tryRead(() => m.from) === undefined) return { status: 400, reason: 'Invalid From Header' };
      if ((uriChecks & URI_CHECKS.TO) !== 0 && m.hasHeader('to') && tryRead(() => m.to) === undefined) return { status: 400, reason: 'Ivalid To Header' };
      if ((uriChecks & URI_CHECKS.CONTACT) !== 0 && m.hasHeader('contact') && tryRead(() => m.contacts) === undefined) return { status: 400, reason: 'Invalid Contact Header' };
      return undefined;
    },
  ],
];

export const sanityModule: ModuleDefinition = {
  name: 'sanity',
  doc: 'sanity checks of incoming messages',
  params: {
    default_checks: { type: 'int', default: 999, doc: 'checks of sanity_check() without arguments' },
    uri_checks: { type: 'int', default: 7, doc: 'URI checks of sanity_check() without a second argument' },
    proxy_require: { type: 'str', default: '', doc: 'extensions accepted in Proxy-Require' },
    autodrop: { type: 'int', default: 1, doc: 'stop the script when a check fails (0: return -1)' },
    noreply: { type: 'int', default: 0, doc: 'never send a reply for a failed check' },
  },
  depends: ['sl'],
  create(ctx) {
    const slAny = ctx.api('sl');
    if (!(slAny instanceof SlApiClass)) throw new FixupError('sanity needs the sl module');
    const sl: SlApi = slAny;
    const autodrop = ctx.params.int('autodrop') !== 0;
    const noreply = ctx.params.int('noreply') !== 0;
    const defChecks = ctx.params.int('default_checks');
    const defUri = ctx.params.int('uri_checks');
    const accepted = new Set((ctx.params.str('proxy_require') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0));
    const run = (m: MessageContext, checks: number, uriChecks: number): number => {
      if (checks < 1 || checks > 32767 || uriChecks < 0 || uriChecks > 15) return -1;
      for (const [bit, check] of CHECKS) {
        if ((checks & bit) === 0) continue;
        if (bit === SANITY.PROXY_REQUIRE && m.msg.headerList('proxy-require').every((e) => accepted.has(e.toLowerCase()))) continue;
        const f = check(m, uriChecks);
        if (f === undefined) continue;
        if (f !== null && !noreply && m.msg.kind === 'request' && m.msg.method !== 'ACK') sl.reply(m, f.status, f.reason, f.extra ?? []);
        ctx.logger.log(2, `sanity check ${String(bit)} failed for a message from ${m.rcv.src.address}:${String(m.rcv.src.port)}`);
        return autodrop ? 0 : -1;
      }
      return 1;
    };
    const functions: ScriptFunction[] = [
      {
        name: 'sanity_check',
        args: ['int-pv', 'int-pv'],
        minArgs: 0,
        fixup(args) {
          const checks = args.has(0) ? args.intArg(0) : null;
          const uri = args.has(1) ? args.intArg(1) : null;
          if (checks?.constant !== null && checks !== null && (checks.constant < 1 || checks.constant > 32767)) throw new FixupError('sanity_check(): checks must be 1..32767', 0);
          if (uri?.constant !== null && uri !== null && (uri.constant < 1 || uri.constant > 15)) throw new FixupError('sanity_check(): URI checks must be 1..15', 1);
          return (m) => run(m, checks === null ? defChecks : checks.eval(m), uri === null ? defUri : uri.eval(m));
        },
      },
    ];
    return { functions };
  },
};
