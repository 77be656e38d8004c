import { parseUint32 } from './cseq.js';
import type { SipRequest } from './sip-request.js';
import type { SipResponse } from './sip-response.js';

const CRLF = Buffer.from('\r\n', 'latin1');

/**
 * The bytes of a message. An unedited parsed message gives back its source bytes (without
 * leading CRLFs or discarded trailing octets). Otherwise fields that were not touched are
 * copied as their original bytes, new ones are formatted `Name: value`, and the first
 * Content-Length is made to match the body (one is added when missing; duplicates dropped).
 */
export function serializeMessage(msg: SipRequest | SipResponse): Buffer {
  const src = msg.source;
  if (src !== null) return src.buf.subarray(src.start, src.end);
  const body = msg.body;
  const parts: Buffer[] = [msg.originalStartLine ?? Buffer.from(`${msg.startLine()}\r\n`, 'utf8')];
  let haveLength = false;
  for (const h of msg.headers) {
    if (h.key === 'content-length') {
      if (haveLength) continue;
      haveLength = true;
      if (h.isOriginal && !msg.bodyEdited && parseUint32(h.value) === body.length) {
        parts.push(h.toBuffer());
      } else {
        parts.push(Buffer.from(`${h.name}: ${body.length}\r\n`, 'latin1'));
      }
      continue;
    }
    parts.push(h.toBuffer());
  }
  if (!haveLength) parts.push(Buffer.from(`Content-Length: ${body.length}\r\n`, 'latin1'));
  parts.push(CRLF, body);
  return Buffer.concat(parts);
}
