import { HNV, PARAMCHAR, PASSWORD, USER } from './char-classes.js';
import { escapePercent } from './percent-escapes.js';
import { classifyHost, type SipUri, type TelUri, type Uri } from './uri.js';
import { SipParseError } from './sip-parse-error.js';

function formatParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) {
    out += `;${escapePercent(name, PARAMCHAR)}`;
    if (value !== null) out += `=${escapePercent(value, PARAMCHAR)}`;
  }
  return out;
}

/** Formats a URI from its parts (escaping where RFC 3261 §19.1.2 requires). */
export function formatUri(uri: Uri): string {
  switch (uri.kind) {
    case 'opaque':
      return `${uri.scheme}:${uri.opaque}`;
    case 'tel':
      return `tel:${uri.number}${formatParams(uri.params)}`;
    case 'sip': {
      let out = `${uri.scheme}:`;
      if (uri.user !== null) {
        out += escapePercent(uri.user, USER);
        if (uri.password !== null) out += `:${escapePercent(uri.password, PASSWORD)}`;
        out += '@';
      }
      out += uri.host;
      if (uri.port !== null) out += `:${uri.port}`;
      out += formatParams(uri.params);
      if (uri.headers.length > 0) {
        out += `?${uri.headers.map(([n, v]) => `${escapePercent(n, HNV)}=${escapePercent(v, HNV)}`).join('&')}`;
      }
      return out;
    }
  }
}

export interface SipUriParts {
  scheme?: 'sip' | 'sips';
  user?: string | null;
  password?: string | null;
  host?: string;
  port?: number | null;
  params?: ReadonlyMap<string, string | null>;
  headers?: readonly (readonly [string, string])[];
}

/**
 * A copy of `base` with some parts replaced, its `raw` text re-formatted: what a routing
 * script's `$rU`, `$rd`, `$rp` assignments need. Throws `SipParseError` for a bad host or port.
 */
export function withSipUriParts(base: SipUri, parts: SipUriParts): SipUri {
  const host = parts.host ?? base.host;
  const hostType = classifyHost(host);
  if (hostType === null) throw new SipParseError('E_SIP_PARSE_URI', `URI: bad host ${JSON.stringify(host)}`);
  const port = parts.port === undefined ? base.port : parts.port;
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new SipParseError('E_SIP_PARSE_URI', `URI: bad port ${port}`);
  }
  const uri: SipUri = {
    kind: 'sip',
    scheme: parts.scheme ?? base.scheme,
    user: parts.user === undefined ? base.user : parts.user,
    password: parts.password === undefined ? base.password : parts.password,
    host,
    hostType,
    port,
    params: parts.params ?? base.params,
    headers: parts.headers ?? base.headers,
    raw: '',
  };
  return { ...uri, raw: formatUri(uri) };
}

/** A tel URI's copy with another number or params. */
export function withTelUriParts(base: TelUri, parts: { number?: string; params?: ReadonlyMap<string, string | null> }): TelUri {
  const uri: TelUri = { ...base, number: parts.number ?? base.number, params: parts.params ?? base.params, raw: '' };
  return { ...uri, raw: formatUri(uri) };
}
