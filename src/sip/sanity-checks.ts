import { SIP_ERRORS, type SipErrorCode } from '../errors.js';
import { SipParseError } from './sip-parse-error.js';
import type { SipRequest } from './sip-request.js';
import type { SipResponse } from './sip-response.js';

/** A failed check: what to answer (status, reason) and why (code, check, detail). */
export interface SanityFailure {
  readonly ok: false;
  readonly status: number;
  readonly reason: string;
  readonly code: SipErrorCode;
  readonly check: SanityCheckName;
  readonly detail: string;
}

export type SanityResult = { readonly ok: true } | SanityFailure;

type Problem = readonly [SipErrorCode, string] | null;
type Check = (msg: SipRequest | SipResponse) => Problem;

const MAX_CSEQ = 0x7fffffff;
const MAX_UINT32 = 0xffffffff;

/** Fields that may appear once only (RFC 3261 §7.3.1: not a comma-separated list). */
const SINGLE_VALUED = ['call-id', 'cseq', 'from', 'to', 'max-forwards', 'content-length', 'content-type', 'expires'];
const REQUIRED = [
  ['via', 'Via'],
  ['from', 'From'],
  ['to', 'To'],
  ['call-id', 'Call-ID'],
  ['cseq', 'CSeq'],
] as const;

/** RFC 3261 §7.1: the version is SIP/2.0 (case-insensitive), in the start line and top Via. */
function rfc3261_7_1(msg: SipRequest | SipResponse): Problem {
  if (msg.version.toUpperCase() !== 'SIP/2.0') return ['E_SIP_SANITY_VERSION', `version ${msg.version}`];
  const via = msg.topVia;
  if (via !== null && (via.protocol !== 'SIP' || via.version !== '2.0')) {
    return ['E_SIP_SANITY_VERSION', `top Via protocol ${via.protocol}/${via.version}`];
  }
  return null;
}

/** RFC 3261 §8.1.1: To, From, CSeq, Call-ID and Via are mandatory (Max-Forwards too, but RFC 2543 peers omit it). */
function rfc3261_8_1_1(msg: SipRequest | SipResponse): Problem {
  for (const [key, name] of REQUIRED) if (!msg.hasHeader(key)) return ['E_SIP_SANITY_MISSING_HEADER', `no ${name} header`];
  return null;
}

/** RFC 3261 §7.3.1: only list-valued fields may appear several times. */
function rfc3261_7_3_1(msg: SipRequest | SipResponse): Problem {
  for (const key of SINGLE_VALUED) {
    if (msg.fields(key).length > 1) return ['E_SIP_SANITY_DUPLICATE_HEADER', `more than one ${key} header`];
  }
  return null;
}

/** RFC 3261 §25.1: the grammar of the Request-URI and of every field a stateless server reads. */
function rfc3261_25_1(msg: SipRequest | SipResponse): Problem {
  // Reading each accessor parses the field; the first that fails decides the answer.
  const _parsed: readonly unknown[] = [
    msg.kind === 'request' ? msg.requestUri : null,
    msg.vias,
    msg.cseq,
    msg.from,
    msg.to,
    msg.callId,
    msg.maxForwards,
    msg.expires,
    msg.contacts,
    msg.routes,
    msg.recordRoutes,
    msg.contentType,
    msg.date,
  ];
  return null;
}

/** RFC 3261 §8.1.1.5: the CSeq number is below 2^31 and its method equals the request's. */
function rfc3261_8_1_1_5(msg: SipRequest | SipResponse): Problem {
  const cseq = msg.cseq;
  if (cseq === null) return null;
  if (cseq.seq > MAX_CSEQ) return ['E_SIP_SANITY_CSEQ_VALUE', `CSeq ${cseq.seq} is above 2^31-1`];
  if (msg.kind === 'request' && cseq.method !== msg.method) {
    return ['E_SIP_SANITY_CSEQ_METHOD', `CSeq method ${cseq.method} differs from ${msg.method}`];
  }
  return null;
}

/** RFC 3261 §20.22: Max-Forwards is an integer in 0..255. */
function rfc3261_20_22(msg: SipRequest | SipResponse): Problem {
  const mf = msg.maxForwards;
  if (mf !== null && mf > 255) return ['E_SIP_SANITY_MAX_FORWARDS', `Max-Forwards ${mf} is above 255`];
  return null;
}

/** RFC 3261 §20.19 / §20.10: Expires and the Contact expires parameter are delta-seconds below 2^32. */
function rfc3261_20_19(msg: SipRequest | SipResponse): Problem {
  const _expires = msg.expires;
  const contacts = msg.contacts;
  if (contacts === null || contacts === '*') return null;
  for (const c of contacts) {
    const e = c.params.get('expires');
    if (e === undefined) continue;
    if (e === null || !/^[0-9]{1,10}$/.test(e) || Number(e) > MAX_UINT32) {
      return ['E_SIP_SANITY_EXPIRES', `Contact expires=${e ?? ''} is not delta-seconds below 2^32`];
    }
  }
  return null;
}

/** RFC 3261 §19.1.1 (table of where URI components may appear): no headers in a Request-URI. */
function rfc3261_19_1_1(msg: SipRequest | SipResponse): Problem {
  if (msg.kind !== 'request') return null;
  const uri = msg.requestUri;
  if (uri.kind === 'sip' && uri.headers.length > 0) return ['E_SIP_SANITY_RURI_HEADERS', 'Request-URI has a ?headers part'];
  return null;
}

/** RFC 3261 §8.2.2.1: a Request-URI scheme the server does not understand gets 416. */
function rfc3261_8_2_2_1(msg: SipRequest | SipResponse): Problem {
  if (msg.kind !== 'request') return null;
  const uri = msg.requestUri;
  if (uri.kind === 'opaque') return ['E_SIP_SANITY_URI_SCHEME', `Request-URI scheme ${uri.scheme}`];
  return null;
}

/** The checks, in the order they run. */
export const SANITY_CHECKS = {
  rfc3261_7_1,
  rfc3261_8_1_1,
  rfc3261_7_3_1,
  rfc3261_25_1,
  rfc3261_8_1_1_5,
  rfc3261_20_22,
  rfc3261_20_19,
  rfc3261_19_1_1,
  rfc3261_8_2_2_1,
} as const satisfies Record<string, Check>;

export type SanityCheckName = keyof typeof SANITY_CHECKS;

const REQUEST_CHECKS: readonly SanityCheckName[] = [
  'rfc3261_7_1',
  'rfc3261_8_1_1',
  'rfc3261_7_3_1',
  'rfc3261_25_1',
  'rfc3261_8_1_1_5',
  'rfc3261_20_22',
  'rfc3261_20_19',
  'rfc3261_19_1_1',
  'rfc3261_8_2_2_1',
];
const RESPONSE_CHECKS: readonly SanityCheckName[] = ['rfc3261_7_1', 'rfc3261_8_1_1', 'rfc3261_7_3_1', 'rfc3261_25_1', 'rfc3261_8_1_1_5'];

export interface SanityOptions {
  /** Checks to leave out, e.g. `['rfc3261_8_2_2_1']` for a proxy that routes any scheme. */
  readonly skip?: readonly SanityCheckName[];
}

function run(msg: SipRequest | SipResponse, names: readonly SanityCheckName[], options: SanityOptions): SanityResult {
  for (const name of names) {
    if (options.skip?.includes(name) === true) continue;
    let problem: Problem;
    try {
      problem = SANITY_CHECKS[name](msg);
    } catch (err) {
      if (!(err instanceof SipParseError)) throw err;
      problem = [err.code, err.message];
    }
    if (problem !== null) {
      const [code, detail] = problem;
      return { ok: false, status: SIP_ERRORS[code].sipStatus, reason: SIP_ERRORS[code].reason, code, check: name, detail };
    }
  }
  return { ok: true };
}

/**
 * What a stateless server checks before it processes a request: ok, or the status and reason
 * to answer with (400, 416 or 505). Never throws for bad input.
 */
export function checkRequest(req: SipRequest, options: SanityOptions = {}): SanityResult {
  return run(req, REQUEST_CHECKS, options);
}

/** The same for a received response, which is dropped (never answered) when it fails. */
export function checkResponse(res: SipResponse, options: SanityOptions = {}): SanityResult {
  return run(res, RESPONSE_CHECKS, options);
}
