import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import type { ClientTransaction, ClientTransactionUser } from '../transaction/client-transaction-user.js';
import { TimerEntry, type TimerTarget } from '../transaction/timer-wheel.js';
import type { DestInfo } from '../transport-types.js';
import type { ProxyTransaction } from './proxy-transaction.js';

/** Where a branch is in its life. */
export type BranchState =
  /** Made, its next hop being resolved (DNS). */
  | 'resolving'
  /** Sent; waiting for a response. */
  | 'sent'
  /** A provisional response came. */
  | 'proceeding'
  /** A final response came, or one was decided locally (408 timeout, 503 transport error, 478 unresolvable). */
  | 'completed'
  /** Dropped by the branch hook before it was sent. */
  | 'dropped';

/**
 * One outgoing branch of a proxy transaction (Kamailio `struct ua_client`): the request as
 * sent, its client transaction, its final-response timer (fr_timer, then fr_inv_timer once an
 * INVITE branch has a provisional), and what it answered. It is the user of its client
 * transactions (the request's and, when sent, its CANCEL's), so no closure is made per branch.
 */
export class ProxyBranch implements ClientTransactionUser, TimerTarget {
  readonly index: number;
  /** The serial-forking leg: 0 for the first relay, +1 for each relay from `onFailure`. */
  readonly leg: number;
  readonly proxy: ProxyTransaction;
  state: BranchState = 'resolving';
  /** The request as sent (our Via on top); null once the transaction no longer needs it. */
  request: SipRequest | null;
  dest: DestInfo | null = null;
  tx: ClientTransaction | null = null;
  /** The client transaction of the CANCEL we sent for this branch. */
  cancelTx: ClientTransaction | null = null;
  /** Last status: a provisional while proceeding, the final one once completed (0 before any). */
  status = 0;
  /** The received final response (top Via removed), or null for a local one. */
  response: SipResponse | null = null;
  /** The final status was decided here, not received (408, 478, 503, 487). */
  local = false;
  /** The reason phrase of a local final status. */
  localReason = '';
  /** A CANCEL is wanted: sent as soon as a provisional response arrives (RFC 3261 §9.1). */
  cancelWanted = false;
  cancelSent = false;
  cancelReasons: readonly string[] = [];
  /** Left out of the best-response choice by `failure_reply_mode`. */
  discarded = false;
  readonly frTimer: TimerEntry;

  constructor(proxy: ProxyTransaction, index: number, leg: number, request: SipRequest) {
    this.proxy = proxy;
    this.index = index;
    this.leg = leg;
    this.request = request;
    this.frTimer = new TimerEntry(this, 'fr');
  }

  /** Whether the branch still waits for a final response. */
  get pending(): boolean {
    return this.state === 'resolving' || this.state === 'sent' || this.state === 'proceeding';
  }

  get completed(): boolean {
    return this.state === 'completed';
  }


  onResponse(tx: ClientTransaction, res: SipResponse): void {
    if (tx !== this.tx) return; // the response to our own CANCEL: nothing to do.
    this.proxy.branchResponse(this, res);
  }

  onTimeout(tx: ClientTransaction): void {
    if (tx !== this.tx) return;
    this.proxy.branchFailed(this, 408, 'Request Timeout');
  }

  onTransportError(tx: ClientTransaction, _err: Error): void {
    if (tx !== this.tx) return;
    // RFC 3261 §16.7 / §18.4: "the proxy MUST behave as if the forwarded request received a 503".
    this.proxy.branchFailed(this, 503, 'Service Unavailable');
  }

  onTimer(kind: string): void {
    if (kind === 'fr') this.proxy.branchTimedOut(this);
  }
}
