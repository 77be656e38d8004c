import type { InviteServerTransaction } from './invite-server.js';
import type { NonInviteServerTransaction } from './non-invite-server.js';

export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/** The transaction user of a server transaction (a proxy transaction, a UAS). */
export interface ServerTransactionUser {
  /** Timer H fired: no ACK came for a 300–699 final response (RFC 3261 §17.2.1). */
  onServerTimeout(tx: ServerTransaction): void;
  /** A response could not be sent (RFC 3261 §17.2.4). */
  onServerTransportError(tx: ServerTransaction, err: Error): void;
  /** The transaction reached Terminated and left the tables. */
  onServerTerminated(tx: ServerTransaction): void;
}

/** A user that wants no notifications (stateless replies, CANCEL transactions). */
export const IGNORING_SERVER_USER: ServerTransactionUser = {
  onServerTimeout: () => undefined,
  onServerTransportError: () => undefined,
  onServerTerminated: () => undefined,
};
