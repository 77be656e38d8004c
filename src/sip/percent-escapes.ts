import { SipParseError } from './sip-parse-error.js';
import type { SipErrorCode } from '../errors.js';

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Checks that `s` consists of characters of `allowed` and well-formed `%HH` escapes only
 * (RFC 3261 §25.1 `escaped`), and returns it with the escapes decoded (UTF-8, so `%C3%A9`
 * is "é"; `%00` stays a NUL character, never a terminator).
 */
export function unescapePercent(s: string, allowed: Uint8Array, code: SipErrorCode, what: string): string {
  let hasEscape = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (hexValue(s.charCodeAt(i + 1)) < 0 || hexValue(s.charCodeAt(i + 2)) < 0) {
        throw new SipParseError(code, `${what}: "%" not followed by two hex digits`);
      }
      hasEscape = true;
      i += 2;
    } else if (c > 255 || allowed[c] !== 1) {
      throw new SipParseError(code, `${what}: character ${JSON.stringify(s[i])} is not allowed`);
    }
  }
  if (!hasEscape) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      bytes.push(hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2)));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Escapes every character of `s` outside `allowed` as `%HH` of its UTF-8 bytes. */
export function escapePercent(s: string, allowed: Uint8Array): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255 || allowed[c] !== 1) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out += allowed[b] === 1 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
