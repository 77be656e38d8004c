import type { SipMessage } from '../sip-message.js';
import type { SipRequest } from '../sip-request.js';
import type { Via } from '../via.js';

/** What the matching rules compare on a transaction (set when the layer files it). */
export interface MatchFields {
  readonly branch: string;
  readonly method: string;
  /** The top Via sent-by host of the request that made a server transaction. */
  sentByHost: string;
  sentByPort: number | null;
}

function sameHost(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
}

/**
 * RFC 3261 §17.2.3 with the magic cookie: "the branch parameter in the request is equal to the
 * one in the top Via header field of the request that created the transaction, the sent-by
 * value in the top Via of the request is equal to the one in the request that created the
 * transaction, and the method of the request matches the one that created the transaction,
 * except for ACK, where the method of the request that created the transaction is INVITE."
 * The branch is the table key; this checks the rest (sent-by host without case).
 */
export function matchesServer(tx: MatchFields, via: Via, method: string): boolean {
  return tx.method === (method === 'ACK' ? 'INVITE' : method) && tx.sentByPort === via.port && sameHost(tx.sentByHost, via.host);
}

/**
 * RFC 3261 §17.1.3: "If the response has the same value of the branch parameter in the top
 * Via header field as the branch parameter in the top Via header field of the request that
 * created the transaction [and] the method parameter in the CSeq header field matches the
 * method of the request that created the transaction." The branch is the table key.
 */
export function matchesClient(tx: MatchFields, cseqMethod: string): boolean {
  return tx.method === cseqMethod;
}

function fromTag(msg: SipMessage): string {
  return msg.from?.tag ?? '';
}

function toTag(msg: SipMessage): string {
  return msg.to?.tag ?? '';
}

/**
 * RFC 3261 §17.2.3 for RFC 2543 requests (no magic cookie): "the INVITE request matches a
 * transaction if the Request-URI, To tag, From tag, Call-ID, CSeq, and top Via header field
 * match those of the INVITE request which created the transaction." Used for every method;
 * `method` overrides the CSeq method (INVITE when looking for the target of a CANCEL, §9.2).
 */
export function legacyServerKey(req: SipRequest, via: Via, method?: string): string {
  const cseq = req.cseq;
  return `2543\n${req.callId ?? ''}\n${String(cseq?.seq ?? '')}\n${method ?? cseq?.method ?? ''}\n${fromTag(req)}\n${toTag(req)}\n${req.requestUriText}\n${via.raw}`;
}

/**
 * RFC 3261 §17.2.3 for an RFC 2543 ACK: "the ACK matches if the Request-URI, From tag,
 * Call-ID, CSeq number (not the method), and top Via header field match those of the INVITE
 * request which created the transaction, and the To tag of the ACK matches the To tag of the
 * response sent by the server transaction." (The To tag is checked by the caller.)
 */
export function legacyAckKey(req: SipRequest, via: Via): string {
  return `2543ack\n${req.callId ?? ''}\n${String(req.cseq?.seq ?? '')}\n${fromTag(req)}\n${req.requestUriText}\n${via.raw}`;
}
