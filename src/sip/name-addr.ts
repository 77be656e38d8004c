import type { SipErrorCode } from '../errors.js';
import { TOKEN, isWsp } from './char-classes.js';
import { parseHeaderParams, parseQuotedString, skipLws } from './header-params.js';
import { SipParseError } from './sip-parse-error.js';
import { splitHeaderValues } from './split-header-values.js';
import { parseUri, type Uri } from './uri.js';

/**
 * The value of From, To, Contact, Route, Record-Route, Reply-To … (RFC 3261 §20.10):
 * `( name-addr / addr-spec ) *( SEMI generic-param )`.
 */
export interface NameAddr {
  /** Without quotes, quoted-pairs decoded; null when there is none. */
  readonly displayName: string | null;
  readonly uri: Uri;
  /** Header parameters (after ">", or after the URI in addr-spec form); names in lower case. */
  readonly params: ReadonlyMap<string, string | null>;
  readonly tag: string | null;
  /** Whether the URI was enclosed in "<" ">". */
  readonly bracketed: boolean;
  /** The value text as written (after unfolding). */
  readonly raw: string;
}

/** Parses one name-addr / addr-spec with its parameters; errors carry `code`. */
export function parseNameAddr(text: string, code: SipErrorCode): NameAddr {
  let i = skipLws(text, 0);
  if (i >= text.length) throw new SipParseError(code, 'empty address');
  let displayName: string | null = null;
  let lt = -1;
  if (text.charCodeAt(i) === 0x22) {
    const q = parseQuotedString(text, i, code);
    displayName = q.text;
    i = skipLws(text, q.end);
    if (text.charCodeAt(i) !== 0x3c) throw new SipParseError(code, 'expected "<" after display name');
    lt = i;
  } else if (text.charCodeAt(i) === 0x3c) {
    lt = i;
  } else {
    // Unquoted display name: tokens and LWS (UTF-8 text tolerated) up to "<"; anything else
    // means there is no display name and the value is an addr-spec.
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (!((c < 256 && TOKEN[c] === 1) || isWsp(c) || c >= 0x80)) break;
      j++;
    }
    if (text.charCodeAt(j) === 0x3c) {
      displayName = text.slice(i, j).trimEnd();
      lt = j;
    }
  }
  let uriText: string;
  let rest: number;
  if (lt >= 0) {
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) throw new SipParseError(code, 'missing ">"');
    uriText = text.slice(lt + 1, gt);
    if (uriText.length === 0 || isWsp(uriText.charCodeAt(0)) || isWsp(uriText.charCodeAt(uriText.length - 1))) {
      throw new SipParseError(code, 'LWS inside "<" ">" (addr-spec)');
    }
    rest = gt + 1;
  } else {
    // addr-spec form: every ";" after the URI starts a header parameter (RFC 3261 §20.10), so a
    // URI with ";", "," or "?" of its own must be written in "<" ">".
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 0x3b || isWsp(c)) break;
      j++;
    }
    uriText = text.slice(i, j);
    if (uriText.indexOf('?') >= 0) throw new SipParseError(code, 'a URI with headers must be enclosed in "<" ">"');
    rest = j;
  }
  const uri = parseUri(uriText, code);
  const params = parseHeaderParams(text, rest, code, 'address');
  return {
    displayName,
    uri,
    params,
    tag: params.get('tag') ?? null,
    bracketed: lt >= 0,
    raw: text.trim(),
  };
}

/** Parses a header value that is a comma-separated list of addresses (Contact, Route …). */
export function parseNameAddrList(value: string, code: SipErrorCode): NameAddr[] {
  return splitHeaderValues(value).map((v) => {
    if (v.length === 0) throw new SipParseError(code, 'empty list element');
    return parseNameAddr(v, code);
  });
}
