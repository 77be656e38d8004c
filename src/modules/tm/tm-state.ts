/**
 * What tm keeps per transaction and per script run: the routes armed by `t_on_branch`,
 * `t_on_reply`, `t_on_failure`, the message flags and AVPs that follow the transaction into
 * branch, onreply and failure routes (Kamailio copies them into `struct cell`), per-transaction
 * fr timers, and, for the routes tm runs itself, the transaction, the branch or the reply they
 * run for.
 */
import type { ScriptValue } from '../../cfg/script-value.js';
import type { SipResponse } from '../../sip/index.js';
import type { ProxyTransaction } from '../../sip/proxy/index.js';
import type { FailureCallback, ResponseOutCallback } from './tm-callbacks.js';
import type { SerialGroups } from './tm-serial.js';

/** The three route handlers a transaction can have armed. */
export interface ArmedRoutes {
  branchRoute: string | null;
  replyRoute: string | null;
  failureRoute: string | null;
}

/** Stored on `ProxyTransaction.userData`. */
export class TxData implements ArmedRoutes {
  branchRoute: string | null = null;
  replyRoute: string | null = null;
  failureRoute: string | null = null;
  /** Message flags as the request route left them at t_relay (and failure_route after it). */
  flags = 0;
  /** `$avp`s of the transaction. */
  avps = new Map<string, ScriptValue[]>();
  /** Branches whose replies t_drop_replies() threw away. */
  droppedReplies = false;
  /** What t_load_contacts stored and t_next_contacts has not yet used (Kamailio's contacts_avp). */
  contacts: SerialGroups | null = null;
  /** What other modules registered for this transaction (tm-callbacks.ts); null when nothing. */
  failureCallbacks: FailureCallback[] | null = null;
  responseOutCallbacks: ResponseOutCallback[] | null = null;
}

/** The transaction data of `tx`, made on first use. */
export function txData(tx: ProxyTransaction): TxData {
  const d = tx.userData;
  if (d instanceof TxData) return d;
  const made = new TxData();
  tx.userData = made;
  return made;
}

/** Per script run (one MessageContext): what tm functions set or read. */
export class RunState implements ArmedRoutes {
  branchRoute: string | null = null;
  replyRoute: string | null = null;
  failureRoute: string | null = null;
  /** `t_set_fr` before the transaction exists: [fr_inv_timer, fr_timer] in ms (0 = unchanged). */
  frInvMs = 0;
  frMs = 0;
  /** The transaction a branch/onreply/failure route runs for. */
  tx: ProxyTransaction | null = null;
  /** branch_route: the index of the branch being built. */
  branchIndex = -1;
  /** onreply_route: the reply; failure_route: the winning negative reply. */
  reply: SipResponse | null = null;
  /** t_load_contacts' groups: this run's own, or (failure_route) the transaction's. */
  contacts: SerialGroups | null = null;
}
