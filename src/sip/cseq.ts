import { scanToken, skipLws } from './header-params.js';
import { SipParseError } from './sip-parse-error.js';

/** CSeq (RFC 3261 §20.16). */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

const MAX_UINT32 = 0xffffffff;

/**
 * Parses `1*DIGIT` (leading zeros allowed) into a number no larger than 2^32-1, without ever
 * wrapping; null when `s` is not such a number.
 */
export function parseUint32(s: string): number | null {
  const t = s.trim();
  if (t.length === 0) return null;
  let value = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
    value = value * 10 + (c - 0x30);
    if (value > MAX_UINT32) return null;
  }
  return value;
}

/** Parses `1*DIGIT LWS Method`. */
export function parseCSeq(value: string): CSeq {
  let i = skipLws(value, 0);
  const ds = i;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  const seq = parseUint32(value.slice(ds, i));
  if (seq === null) throw new SipParseError('E_SIP_PARSE_CSEQ', 'CSeq: sequence number missing or above 2^32-1');
  const ms = skipLws(value, i);
  if (ms === i) throw new SipParseError('E_SIP_PARSE_CSEQ', 'CSeq: expected LWS before method');
  const me = scanToken(value, ms);
  if (me === ms || skipLws(value, me) !== value.length) throw new SipParseError('E_SIP_PARSE_CSEQ', 'CSeq: bad method');
  return { seq, method: value.slice(ms, me) };
}
