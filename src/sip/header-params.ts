import type { SipErrorCode } from '../errors.js';
import { TOKEN, isWsp } from './char-classes.js';
import { SipParseError } from './sip-parse-error.js';

/** Index of the first non-SP/HTAB character at or after `i` (folds are already one SP). */
export function skipLws(s: string, i: number): number {
  while (i < s.length && isWsp(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past a run of token characters starting at `i`. */
export function scanToken(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c > 255 || TOKEN[c] !== 1) break;
    i++;
  }
  return i;
}

/**
 * Reads a quoted-string (RFC 3261 §25.1) whose opening quote is at `i`. Returns the text with
 * quoted-pairs decoded and the index after the closing quote.
 */
export function parseQuotedString(s: string, i: number, code: SipErrorCode): { text: string; end: number } {
  let out = '';
  let j = i + 1;
  let runStart = j;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return { text: out + s.slice(runStart, j), end: j + 1 };
    if (c === 0x5c) {
      const n = s.charCodeAt(j + 1);
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
      if (j + 1 >= s.length || n > 0x7f || n === 0x0a || n === 0x0d) {
        throw new SipParseError(code, 'bad quoted-pair in quoted string');
      }
      out += s.slice(runStart, j) + s.charAt(j + 1);
      j += 2;
      runStart = j;
      continue;
    }
    if (c === 0x0d || c === 0x0a) break;
    j++;
  }
  throw new SipParseError(code, 'unterminated quoted string');
}

/** Characters of a gen-value that is not quoted: token, plus ":" "[" "]" for IPv6 (RFC 5118). */
function isValueChar(c: number): boolean {
  return (c <= 255 && TOKEN[c] === 1) || c === 0x3a || c === 0x5b || c === 0x5d;
}

/**
 * Parses `*( SEMI generic-param )` from `s` at `i` up to the end of `s`. Names are returned in
 * lower case; values as written (a quoted value keeps its quotes); `null` when there is no "=".
 * Empty parameters (";;") are an error (RFC 4475 badinv01).
 */
export function parseHeaderParams(s: string, i: number, code: SipErrorCode, what: string): Map<string, string | null> {
  const params = new Map<string, string | null>();
  for (;;) {
    i = skipLws(s, i);
    if (i >= s.length) return params;
    if (s.charCodeAt(i) !== 0x3b) throw new SipParseError(code, `${what}: expected ";" before parameter`);
    i = skipLws(s, i + 1);
    const ns = i;
    i = scanToken(s, i);
    if (i === ns) throw new SipParseError(code, `${what}: empty parameter`);
    const name = s.slice(ns, i).toLowerCase();
    let value: string | null = null;
    const k = skipLws(s, i);
    if (k < s.length && s.charCodeAt(k) === 0x3d) {
      i = skipLws(s, k + 1);
      if (s.charCodeAt(i) === 0x22) {
        const q = parseQuotedString(s, i, code);
        value = s.slice(i, q.end);
        i = q.end;
      } else {
        const vs = i;
        while (i < s.length && isValueChar(s.charCodeAt(i))) i++;
        if (i === vs) throw new SipParseError(code, `${what}: parameter "${name}" has an empty value`);
        value = s.slice(vs, i);
      }
    }
    if (!params.has(name)) params.set(name, value);
  }
}

/** A parameter value with surrounding quotes removed and quoted-pairs decoded. */
export function unquote(value: string): string {
  if (value.length >= 2 && value.charCodeAt(0) === 0x22) {
    return value.slice(1, -1).replace(/\\(.)/gs, '$1');
  }
  return value;
}
