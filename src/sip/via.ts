import { classifyHost } from './uri.js';
import { parseHeaderParams, scanToken, skipLws } from './header-params.js';
import { HOSTNAME } from './char-classes.js';
import { SipParseError } from './sip-parse-error.js';
import { splitHeaderValues } from './split-header-values.js';

/** One via-parm (RFC 3261 §20.42). */
export interface Via {
  /** "SIP" as written (upper-cased). */
  readonly protocol: string;
  readonly version: string;
  /** Upper-cased: "UDP", "TCP", "TLS", "SCTP", "WS", "WSS" or an unknown token. */
  readonly transport: string;
  /** sent-by host as written; IPv6 keeps its brackets. */
  readonly host: string;
  readonly port: number | null;
  /** Names in lower case; values as written. */
  readonly params: ReadonlyMap<string, string | null>;
  readonly branch: string | null;
  readonly received: string | null;
  /** The rport value, or null when absent or present without a value (see hasRport). */
  readonly rport: number | null;
  readonly hasRport: boolean;
  /** The via-parm text as written (after unfolding). */
  readonly raw: string;
}

const CODE = 'E_SIP_PARSE_VIA';

function expectSlash(s: string, i: number): number {
  i = skipLws(s, i);
  if (s.charCodeAt(i) !== 0x2f) throw new SipParseError(CODE, 'Via: expected "/" in sent-protocol');
  return skipLws(s, i + 1);
}

function token(s: string, i: number, what: string): number {
  const end = scanToken(s, i);
  if (end === i) throw new SipParseError(CODE, `Via: missing ${what}`);
  return end;
}

/** Parses one via-parm: sent-protocol LWS sent-by *( SEMI via-params ). */
export function parseVia(text: string): Via {
  let i = skipLws(text, 0);
  const ps = i;
  i = token(text, i, 'protocol name');
  const protocol = text.slice(ps, i).toUpperCase();
  i = expectSlash(text, i);
  const vs = i;
  i = token(text, i, 'protocol version');
  const version = text.slice(vs, i);
  i = expectSlash(text, i);
  const ts = i;
  i = token(text, i, 'transport');
  const transport = text.slice(ts, i).toUpperCase();
  const hs = skipLws(text, i);
  if (hs === i) throw new SipParseError(CODE, 'Via: expected LWS before sent-by');
  i = hs;
  if (text.charCodeAt(i) === 0x5b) {
    const close = text.indexOf(']', i);
    if (close < 0) throw new SipParseError(CODE, 'Via: unterminated IPv6 reference');
    i = close + 1;
  } else {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c > 255 || HOSTNAME[c] !== 1) break;
      i++;
    }
  }
  const host = text.slice(hs, i);
  if (classifyHost(host) === null) throw new SipParseError(CODE, 'Via: bad sent-by host');
  let port: number | null = null;
  const k = skipLws(text, i);
  if (text.charCodeAt(k) === 0x3a) {
    i = skipLws(text, k + 1);
    const ds = i;
    let value = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
      i++;
    }
    if (i === ds || i - ds > 5 || value > 65535) throw new SipParseError(CODE, 'Via: bad port');
    port = value;
  }
  const params = parseHeaderParams(text, i, CODE, 'Via');
  const rportValue = params.get('rport');
  let rport: number | null = null;
  if (rportValue != null) {
    if (!/^[0-9]{1,5}$/.test(rportValue) || Number(rportValue) > 65535) throw new SipParseError(CODE, 'Via: bad rport');
    rport = Number(rportValue);
  }
  const received = params.get('received') ?? null;
  if (params.has('received') && received === null) throw new SipParseError(CODE, 'Via: received without a value');
  const branch = params.get('branch') ?? null;
  if (params.has('branch') && branch === null) throw new SipParseError(CODE, 'Via: branch without a value');
  return {
    protocol,
    version,
    transport,
    host,
    port,
    params,
    branch,
    received,
    rport,
    hasRport: params.has('rport'),
    raw: text.trim(),
  };
}

/** Parses a Via header value, which may hold several comma-separated via-parms. */
export function parseViaList(value: string): Via[] {
  return splitHeaderValues(value).map((v) => {
    if (v.length === 0) throw new SipParseError(CODE, 'Via: empty list element');
    return parseVia(v);
  });
}
