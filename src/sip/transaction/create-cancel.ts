import { HeaderField } from '../header-field.js';
import { SipRequest } from '../sip-request.js';
import { copyFirstField, topViaField } from './create-ack.js';

/**
 * A CANCEL for a request this element sent (RFC 3261 §9.1): Request-URI, Call-ID, To, From
 * and the CSeq number of the request, method CANCEL; a single Via equal to the request's top
 * Via (so it carries the same branch); the request's Route fields; Max-Forwards 70; and
 * `reason` as Reason header values (RFC 3326), e.g. `SIP;cause=200;text="Call completed elsewhere"`.
 */
export function createCancel(req: SipRequest, reason: readonly string[] = []): SipRequest {
  const headers: HeaderField[] = [];
  const via = topViaField(req);
  if (via !== undefined) headers.push(via);
  for (const h of req.headers) if (h.key === 'route') headers.push(h);
  headers.push(HeaderField.create('Max-Forwards', '70'));
  copyFirstField(req, 'from', headers);
  copyFirstField(req, 'to', headers);
  copyFirstField(req, 'call-id', headers);
  headers.push(HeaderField.create('CSeq', `${String(req.cseq?.seq ?? 1)} CANCEL`));
  for (const r of reason) headers.push(HeaderField.create('Reason', r));
  return SipRequest.create('CANCEL', req.requestUriText, headers);
}
