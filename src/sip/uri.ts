import { isIPv6 } from 'node:net';
import type { SipErrorCode } from '../errors.js';
import { HNV, HOSTNAME, PARAMCHAR, PASSWORD, SCHEME, USER } from './char-classes.js';
import { unescapePercent } from './percent-escapes.js';
import { SipParseError } from './sip-parse-error.js';

export type HostType = 'ipv4' | 'ipv6' | 'name';

/** A sip: or sips: URI (RFC 3261 §19.1). Escapes are decoded in user, password, params, headers. */
export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  readonly user: string | null;
  readonly password: string | null;
  /** As written; an IPv6 reference keeps its brackets: "[2001:db8::1]". */
  readonly host: string;
  readonly hostType: HostType;
  readonly port: number | null;
  /** uri-parameters, names in lower case, values decoded; `null` for a parameter without value. */
  readonly params: ReadonlyMap<string, string | null>;
  readonly headers: readonly (readonly [string, string])[];
  /** The URI text as written (or as formatted, for a built URI). */
  readonly raw: string;
}

/** A tel: URI (RFC 3966), kept close to the text. */
export interface TelUri {
  readonly kind: 'tel';
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: ReadonlyMap<string, string | null>;
  readonly raw: string;
}

/** Any other absoluteURI (RFC 3261 §25.1), e.g. "isbn:2983792873" or "soap.beep://host:3002". */
export interface OpaqueUri {
  readonly kind: 'opaque';
  /** In lower case. */
  readonly scheme: string;
  readonly opaque: string;
  readonly raw: string;
}

export type Uri = SipUri | TelUri | OpaqueUri;

export function isIPv4(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** Classifies a host as written (IPv6 in brackets), or returns null when it is not a host. */
export function classifyHost(host: string): HostType | null {
  if (host.length === 0) return null;
  if (host.charCodeAt(0) === 0x5b) {
    if (host.charCodeAt(host.length - 1) !== 0x5d) return null;
    return isIPv6(host.slice(1, -1)) ? 'ipv6' : null;
  }
  let numeric = true;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c > 255 || HOSTNAME[c] !== 1) return null;
    if (c !== 0x2e && (c < 0x30 || c > 0x39)) numeric = false;
  }
  if (numeric) return isIPv4(host) ? 'ipv4' : null;
  return 'name';
}

/**
 * Parses `;name[=value]` uri-parameters from `s` at `i` (which points at the first ";")
 * until `?` or the end. Returns the index where it stopped.
 */
function parseUriParams(s: string, i: number, params: Map<string, string | null>, code: SipErrorCode): number {
  while (i < s.length && s.charCodeAt(i) === 0x3b) {
    i++;
    let j = i;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 0x3b || c === 0x3f || c === 0x3d) break;
      j++;
    }
    if (j === i) throw new SipParseError(code, 'URI: empty parameter name');
    const name = unescapePercent(s.slice(i, j), PARAMCHAR, code, 'URI parameter name').toLowerCase();
    let value: string | null = null;
    if (j < s.length && s.charCodeAt(j) === 0x3d) {
      const v = j + 1;
      j = v;
      while (j < s.length) {
        const c = s.charCodeAt(j);
        if (c === 0x3b || c === 0x3f) break;
        j++;
      }
      if (j === v) throw new SipParseError(code, `URI: parameter "${name}" has an empty value`);
      value = unescapePercent(s.slice(v, j), PARAMCHAR, code, 'URI parameter value');
    }
    if (!params.has(name)) params.set(name, value);
    i = j;
  }
  return i;
}

function parseUriHeaders(s: string, i: number, code: SipErrorCode): (readonly [string, string])[] {
  const headers: (readonly [string, string])[] = [];
  for (const part of s.slice(i).split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new SipParseError(code, 'URI: header without "name="');
    headers.push([
      unescapePercent(part.slice(0, eq), HNV, code, 'URI header name'),
      unescapePercent(part.slice(eq + 1), HNV, code, 'URI header value'),
    ]);
  }
  return headers;
}

function parseSipUri(text: string, scheme: 'sip' | 'sips', p: number, code: SipErrorCode): SipUri {
  let user: string | null = null;
  let password: string | null = null;
  let i = p;
  const at = text.indexOf('@', p);
  if (at >= 0) {
    if (text.indexOf('@', at + 1) >= 0) throw new SipParseError(code, 'URI: more than one "@"');
    const colon = text.indexOf(':', p);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    if (userEnd === p) throw new SipParseError(code, 'URI: empty user part');
    user = unescapePercent(text.slice(p, userEnd), USER, code, 'URI user');
    if (userEnd < at) password = unescapePercent(text.slice(userEnd + 1, at), PASSWORD, code, 'URI password');
    i = at + 1;
  }
  const hostStart = i;
  let hostType: HostType;
  if (text.charCodeAt(i) === 0x5b) {
    const close = text.indexOf(']', i);
    if (close < 0 || !isIPv6(text.slice(i + 1, close))) throw new SipParseError(code, 'URI: bad IPv6 reference');
    i = close + 1;
    hostType = 'ipv6';
  } else {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c > 255 || HOSTNAME[c] !== 1) break;
      i++;
    }
    const t = classifyHost(text.slice(hostStart, i));
    if (t === null) throw new SipParseError(code, 'URI: bad host');
    hostType = t;
  }
  const host = text.slice(hostStart, i);
  let port: number | null = null;
  if (i < text.length && text.charCodeAt(i) === 0x3a) {
    const ps = ++i;
    let value = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
      i++;
    }
    if (i === ps || i - ps > 5 || value > 65535) throw new SipParseError(code, 'URI: bad port');
    port = value;
  }
  const params = new Map<string, string | null>();
  i = parseUriParams(text, i, params, code);
  let headers: (readonly [string, string])[] = [];
  if (i < text.length && text.charCodeAt(i) === 0x3f) {
    headers = parseUriHeaders(text, i + 1, code);
    i = text.length;
  }
  if (i !== text.length) throw new SipParseError(code, `URI: unexpected ${JSON.stringify(text[i])} after host`);
  return { kind: 'sip', scheme, user, password, host, hostType, port, params, headers, raw: text };
}

function parseTelUri(text: string, p: number, code: SipErrorCode): TelUri {
  let i = p;
  while (i < text.length && text.charCodeAt(i) !== 0x3b) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c > 0x7e || c === 0x3f || c === 0x3c || c === 0x3e) {
      throw new SipParseError(code, 'tel URI: bad character in number');
    }
    i++;
  }
  if (i === p) throw new SipParseError(code, 'tel URI: empty number');
  const params = new Map<string, string | null>();
  const end = parseUriParams(text, i, params, code);
  if (end !== text.length) throw new SipParseError(code, 'tel URI: bad parameter');
  return { kind: 'tel', scheme: 'tel', number: text.slice(p, i), params, raw: text };
}

/**
 * Parses a URI as it appears in a Request-URI or inside a name-addr: sip/sips (RFC 3261
 * §19.1.1, including ";" in the user part as in RFC 4475 semiuri), tel (RFC 3966), or any
 * other scheme as an opaque absoluteURI. Throws `SipParseError` with `code`.
 */
export function parseUri(text: string, code: SipErrorCode = 'E_SIP_PARSE_URI'): Uri {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new SipParseError(code, 'URI: missing scheme');
  const first = text.charCodeAt(0) | 0x20;
  if (first < 0x61 || first > 0x7a) throw new SipParseError(code, 'URI: scheme must start with a letter');
  for (let i = 1; i < colon; i++) {
    const c = text.charCodeAt(i);
    if (c > 255 || SCHEME[c] !== 1) throw new SipParseError(code, 'URI: bad scheme');
  }
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(text, scheme, colon + 1, code);
  if (scheme === 'tel') return parseTelUri(text, colon + 1, code);
  if (colon + 1 === text.length) throw new SipParseError(code, 'URI: empty after scheme');
  for (let i = colon + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x22 || c === 0x3c || c === 0x3e) {
      throw new SipParseError(code, 'URI: bad character');
    }
  }
  return { kind: 'opaque', scheme, opaque: text.slice(colon + 1), raw: text };
}
