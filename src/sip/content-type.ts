import { parseHeaderParams, scanToken, skipLws } from './header-params.js';
import { SipParseError } from './sip-parse-error.js';

/** A media-type (RFC 3261 §20.15), type and subtype in lower case. */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string | null>;
}

export function parseMediaType(value: string): MediaType {
  const code = 'E_SIP_PARSE_CONTENT_TYPE';
  let i = skipLws(value, 0);
  const ts = i;
  i = scanToken(value, i);
  if (i === ts) throw new SipParseError(code, 'Content-Type: missing type');
  const type = value.slice(ts, i).toLowerCase();
  i = skipLws(value, i);
  if (value.charCodeAt(i) !== 0x2f) throw new SipParseError(code, 'Content-Type: expected "/"');
  i = skipLws(value, i + 1);
  const ss = i;
  i = scanToken(value, i);
  if (i === ss) throw new SipParseError(code, 'Content-Type: missing subtype');
  const subtype = value.slice(ss, i).toLowerCase();
  return { type, subtype, params: parseHeaderParams(value, i, code, 'Content-Type') };
}
