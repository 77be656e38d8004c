import { randomBytes } from 'node:crypto';
import { headerKey } from '../compact-forms.js';

const COPIED = new Set(['via', 'from', 'to', 'call-id', 'cseq']);

/**
 * A stateless error reply built from the raw header section of a request that cannot be
 * parsed or framed (a stream whose Content-Length is missing or bad, a datagram the parser
 * refused): `SIP/2.0 <status> <reason>` with the request's Via, From, To (tag added), Call-ID
 * and CSeq lines copied as written (RFC 3261 §8.2.6.2). Returns null when no reply can be
 * formed: a response, a start line that is not a request, or Via, From, To, Call-ID or CSeq
 * missing.
 */
export function errorReplyFromHeaderBytes(headerSection: Buffer, status: number, reason: string): Buffer | null {
  const text = headerSection.toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  const lines = text.split('\r\n');
  let i = 0;
  while (i < lines.length && lines[i] === '') i++;
  const start = lines[i] ?? '';
  if (start.length === 0 || /^SIP\//i.test(start) || !/^[!-~]+ \S+ SIP\/\d+\.\d+$/i.test(start)) return null;
  const out: string[] = [`SIP/2.0 ${String(status)} ${reason.replace(/[\r\n]/g, ' ')}`];
  const seen = new Set<string>();
  for (i++; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = headerKey(line.slice(0, colon).trim());
    if (!COPIED.has(key)) continue;
    if (key !== 'via' && seen.has(key)) continue;
    seen.add(key);
    if (key === 'to' && !/;\s*tag\s*=/i.test(line.slice(colon + 1))) {
      out.push(`${line};tag=${randomBytes(6).toString('hex')}`);
    } else {
      out.push(line);
    }
  }
  for (const key of COPIED) if (!seen.has(key)) return null;
  out.push('Content-Length: 0', '', '');
  return Buffer.from(out.join('\r\n'), 'latin1');
}
