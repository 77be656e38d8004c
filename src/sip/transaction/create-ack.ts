import { HeaderField } from '../header-field.js';
import { SipRequest } from '../sip-request.js';
import type { SipMessage } from '../sip-message.js';
import type { SipResponse } from '../sip-response.js';

/** The top via-parm of a request as one Via field (the field itself when it holds only that value). */
export function topViaField(req: SipRequest): HeaderField | undefined {
  for (const h of req.headers) {
    if (h.key !== 'via') continue;
    const top = req.topVia;
    if (top === null) return undefined;
    return h.value === top.raw ? h : HeaderField.create('Via', top.raw);
  }
  return undefined;
}

/** Appends the first field with this key of `msg`, as its original bytes. */
export function copyFirstField(msg: SipMessage, key: string, into: HeaderField[]): void {
  for (const h of msg.headers) {
    if (h.key === key) {
      into.push(h);
      return;
    }
  }
}

/**
 * The ACK a client transaction sends for a 300–699 response to its INVITE (RFC 3261
 * §17.1.1.3): Request-URI, Call-ID and From of the INVITE as sent, To of the response, only
 * the INVITE's top Via, CSeq with its number and method ACK, its Route fields, Max-Forwards 70.
 */
export function createAck(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: HeaderField[] = [];
  const via = topViaField(invite);
  if (via !== undefined) headers.push(via);
  for (const h of invite.headers) if (h.key === 'route') headers.push(h);
  headers.push(HeaderField.create('Max-Forwards', '70'));
  copyFirstField(invite, 'from', headers);
  copyFirstField(response, 'to', headers);
  copyFirstField(invite, 'call-id', headers);
  headers.push(HeaderField.create('CSeq', `${String(invite.cseq?.seq ?? 1)} ACK`));
  return SipRequest.create('ACK', invite.requestUriText, headers);
}
