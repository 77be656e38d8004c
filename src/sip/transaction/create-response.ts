import { HeaderField } from '../header-field.js';
import type { SipRequest } from '../sip-request.js';
import { SipResponse } from '../sip-response.js';

export interface CreateResponseOptions {
  /** Added to To when the request's To has no tag and the status is above 100 (RFC 3261 §8.2.6.2). */
  readonly toTag?: string;
  /** Extra header fields, after the copied ones, in order. */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Buffer;
}

/**
 * A response to `req` built by this element (RFC 3261 §8.2.6): Via fields copied in order,
 * From, To (with `toTag` when needed), Call-ID and CSeq, and for a 100 the Timestamp
 * (§8.2.6.1). Copied fields keep the request's bytes. Content-Length follows the body.
 */
export function createResponse(req: SipRequest, status: number, reason: string, options: CreateResponseOptions = {}): SipResponse {
  const headers: HeaderField[] = [];
  let from: HeaderField | undefined;
  let to: HeaderField | undefined;
  let callId: HeaderField | undefined;
  let cseq: HeaderField | undefined;
  let timestamp: HeaderField | undefined;
  for (const h of req.headers) {
    switch (h.key) {
      case 'via':
        headers.push(h);
        break;
      case 'from':
        from ??= h;
        break;
      case 'to':
        to ??= h;
        break;
      case 'call-id':
        callId ??= h;
        break;
      case 'cseq':
        cseq ??= h;
        break;
      case 'timestamp':
        timestamp ??= h;
        break;
      default:
        break;
    }
  }
  if (from !== undefined) headers.push(from);
  if (to !== undefined) {
    if (status > 100 && options.toTag !== undefined && req.to?.tag == null) {
      headers.push(HeaderField.create(to.name, `${to.value};tag=${options.toTag}`));
    } else {
      headers.push(to);
    }
  }
  if (callId !== undefined) headers.push(callId);
  if (cseq !== undefined) headers.push(cseq);
  if (status === 100 && timestamp !== undefined) headers.push(timestamp);
  for (const [name, value] of options.headers ?? []) headers.push(HeaderField.create(name, value));
  return SipResponse.create(status, reason, headers, options.body);
}
