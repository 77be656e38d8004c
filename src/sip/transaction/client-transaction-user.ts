import type { InviteClientTransaction } from './invite-client.js';
import type { NonInviteClientTransaction } from './non-invite-client.js';
import type { SipResponse } from '../sip-response.js';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

/**
 * The transaction user of a client transaction (a proxy branch, a UAC). Objects, not
 * closures, so that a proxy branch is its own user.
 */
export interface ClientTransactionUser {
  /** A response the TU must see: provisional and final ones, and (RFC 6026) retransmitted 2xx of an INVITE. */
  onResponse(tx: ClientTransaction, res: SipResponse): void;
  /** Timer B or F fired without a final response: the TU treats it as a 408 (RFC 3261 §8.1.3.1). */
  onTimeout(tx: ClientTransaction): void;
  /** The transport could not send the request: the TU treats it as a 503 (RFC 3261 §8.1.3.1, §16.7). */
  onTransportError(tx: ClientTransaction, err: Error): void;
}
