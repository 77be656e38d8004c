import { serializeMessage } from '../message-serializer.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import type { SendErrorSink } from '../transport/transport.js';
import type { DestInfo, ReceiveInfo } from '../transport-types.js';
import type { ServerTransactionUser } from './server-transaction-user.js';
import type { TransactionTimers } from './timers.js';
import { Transaction, type TransactionHost } from './transaction.js';
import { TransactionState, transitionTable, type TransitionTable } from './transaction-state.js';

const S = TransactionState;

/**
 * RFC 3261 §17.2.1 (Figure 7) with RFC 6026 §7.1 (Accepted replaces the 2xx edge to Terminated):
 *
 * - Proceeding → Completed: "If, while in the 'Proceeding' state, the TU passes a response
 *   with status code from 300 to 699 to the server transaction, the response MUST be passed
 *   to the transport layer for transmission, and the state machine MUST enter the
 *   'Completed' state."
 * - Proceeding → Accepted: RFC 6026 §7.1, "If, while in the 'Proceeding' state, the TU passes
 *   a 2xx response to the server transaction, the server transaction MUST pass this response
 *   to the transport layer for transmission ... The server transaction MUST then transition
 *   to the 'Accepted' state."
 * - Completed → Confirmed: "If an ACK is received while the server transaction is in the
 *   'Completed' state, the server transaction MUST transition to the 'Confirmed' state."
 * - Completed → Terminated: "If timer H fires while in the 'Completed' state, it implies that
 *   the ACK was never received. In this case, the server transaction MUST transition to the
 *   'Terminated' state, and MUST indicate to the TU that a transaction failure has occurred."
 * - Confirmed → Terminated: "Once timer I fires, the server MUST transition to the
 *   'Terminated' state."
 * - Accepted → Terminated: RFC 6026 §7.1, "If Timer L fires while the INVITE server
 *   transaction is in the 'Accepted' state, the transaction MUST transition to the
 *   'Terminated' state."
 * - Proceeding, Completed, Accepted → Terminated on a transport failure (§17.2.4).
 */
const TABLE: TransitionTable = transitionTable({
  [S.Proceeding]: [S.Completed, S.Accepted, S.Terminated],
  [S.Completed]: [S.Confirmed, S.Terminated],
  [S.Confirmed]: [S.Terminated],
  [S.Accepted]: [S.Terminated],
});

/** An INVITE server transaction (RFC 3261 §17.2.1, RFC 6026). */
export class InviteServerTransaction extends Transaction implements SendErrorSink {
  static readonly TABLE = TABLE;
  readonly kind = 'invite-server' as const;
  #request: SipRequest | null;
  readonly info: ReceiveInfo;
  /** Where responses go (RFC 3261 §18.2.2), fixed when the transaction is made. */
  readonly responseDest: DestInfo;
  user: ServerTransactionUser;
  /** The status of the last response sent (0 before any). */
  lastStatus = 0;
  /** The To tag of the last final response (for RFC 2543 ACK matching). */
  lastToTag: string | null = null;
  /** The RFC 2543 ACK matching key, set by the layer. */
  legacyAckKey: string | null = null;
  #last: Buffer | null = null;

  constructor(request: SipRequest, info: ReceiveInfo, responseDest: DestInfo, branch: string, host: TransactionHost, timers: TransactionTimers, reliable: boolean, user: ServerTransactionUser) {
    // "When a server transaction is constructed for a request, it enters the 'Proceeding' state."
    super(TABLE, S.Proceeding, 'INVITE', branch, host, timers, reliable);
    this.#request = request;
    this.info = info;
    this.responseDest = responseDest;
    this.user = user;
  }

  /** The request that made the transaction; null once a final response was sent (kept small for Timers J/L). */
  get request(): SipRequest | null {
    return this.#request;
  }

  /** Whether a final response has been passed to the transport. */
  get finalSent(): boolean {
    return this.lastStatus >= 200;
  }

  /**
   * Sends a response from the TU. Returns false when the state does not allow it: a final
   * response after a 300–699 one, or a non-2xx after a 2xx (RFC 6026 §7.1).
   */
  respond(res: SipResponse): boolean {
    const status = res.status;
    switch (this.state) {
      case S.Proceeding: {
        const bytes = serializeMessage(res);
        this.#last = bytes;
        this.lastStatus = status;
        if (status < 200) {
          // "The TU passes any number of provisional responses to the server transaction. So
          // long as the server transaction is in the 'Proceeding' state, each of these MUST
          // be passed to the transport layer for transmission."
          this.host.send(this.responseDest, bytes, this);
          return true;
        }
        if (this.legacyKey !== null) this.lastToTag = res.to?.tag ?? null;
        this.#request = null;
        if (status < 300) {
          // RFC 6026 §7.1: "the server transaction MUST pass this response to the transport
          // layer for transmission ... MUST then transition to the 'Accepted' state ... Timer
          // L MUST be set to fire in 64*T1." The TU (UAS core or the UAC through a proxy)
          // retransmits 2xx, so the transaction keeps no copy.
          this.transition(S.Accepted);
          this.#last = null;
          this.host.send(this.responseDest, bytes, this);
          this.startTimeoutTimer('L', this.timers.TIMER_L);
          return true;
        }
        // "the response MUST be passed to the transport layer for transmission, and the state
        // machine MUST enter the 'Completed' state. For unreliable transports, timer G is set
        // to fire in T1 seconds, and is not set to fire for reliable transports ... When the
        // 'Completed' state is entered, timer H MUST be set to fire in 64*T1 seconds for all
        // transports."
        this.transition(S.Completed);
        this.host.send(this.responseDest, bytes, this);
        this.startRetransmitTimer('G', this.timers.TIMER_G);
        this.startTimeoutTimer('H', this.timers.TIMER_H);
        return true;
      }
      case S.Accepted:
        // RFC 6026 §7.1: "While in the 'Accepted' state, any 2xx responses passed to the
        // server transaction from the TU MUST be passed to the transport layer for transmission."
        if (status < 200 || status >= 300) return false;
        this.host.send(this.responseDest, serializeMessage(res), this);
        return true;
      case S.Calling:
      case S.Trying:
      case S.Completed:
      case S.Confirmed:
      case S.Terminated:
        return false;
    }
  }

  /** A retransmission of the INVITE matched to this transaction (RFC 3261 §17.2.3). */
  receiveRetransmission(): void {
    switch (this.state) {
      case S.Proceeding:
        // "If a request retransmission is received while in the 'Proceeding' state, the most
        // recent provisional response that was received from the TU MUST be passed to the
        // transport layer for retransmission."
        if (this.#last !== null) this.host.send(this.responseDest, this.#last, this);
        return;
      case S.Completed:
        // "Furthermore, while in the 'Completed' state, if a request retransmission is
        // received, the server SHOULD pass the response to the transport for retransmission."
        if (this.#last !== null) this.host.send(this.responseDest, this.#last, this);
        return;
      case S.Accepted:
      // RFC 6026 §7.1: retransmitted INVITEs in 'Accepted' are absorbed (the 2xx is retransmitted end to end).
      // falls through
      case S.Calling:
      case S.Trying:
      case S.Confirmed:
      case S.Terminated:
        return;
    }
  }

  /**
   * An ACK matched to this transaction. Returns true when the transaction absorbed it
   * (Completed, Confirmed), false when it belongs to the TU (Accepted: an ACK for a 2xx,
   * RFC 6026 §7.1 "passed to the TU").
   */
  receiveAck(): boolean {
    switch (this.state) {
      case S.Completed:
        // "If an ACK is received while the server transaction is in the 'Completed' state,
        // the server transaction MUST transition to the 'Confirmed' state. As Timer G is
        // ignored in this state, any retransmissions of the response will cease ... When this
        // state is entered, timer I is set to fire in T4 seconds for unreliable transports,
        // and zero seconds for reliable transports."
        this.transition(S.Confirmed);
        this.stopRetransmitTimer();
        this.#last = null;
        this.startWaitTimer('I', this.timers.TIMER_I);
        return true;
      case S.Confirmed:
        // "The purpose of the 'Confirmed' state is to absorb any additional ACK messages that
        // arrive, triggered from retransmissions of the final response."
        return true;
      case S.Accepted:
      case S.Proceeding:
      case S.Calling:
      case S.Trying:
      case S.Terminated:
        return false;
    }
  }

  onTimer(kind: string): void {
    switch (kind) {
      case 'G':
        // "If timer G fires, the response is passed to the transport layer once more for
        // retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds. From then on,
        // when timer G fires, the response is passed to the transport again for
        // transmission, and timer G is reset with a value that doubles, unless that value
        // exceeds T2, in which case it is reset with the value of T2."
        if (this.state !== S.Completed || this.#last === null) return;
        this.host.send(this.responseDest, this.#last, this);
        this.backOffRetransmitTimer(this.timers.T2);
        return;
      case 'H':
        // "If timer H fires while in the 'Completed' state, it implies that the ACK was never
        // received. In this case, the server transaction MUST transition to the 'Terminated'
        // state, and MUST indicate to the TU that a transaction failure has occurred."
        if (this.state !== S.Completed) return;
        this.transition(S.Terminated);
        this.tellUser(() => {
          this.user.onServerTimeout(this);
        });
        return;
      case 'I':
        // "Once timer I fires, the server MUST transition to the 'Terminated' state."
        if (this.state === S.Confirmed) this.transition(S.Terminated);
        return;
      case 'L':
        // RFC 6026 §7.1: "If Timer L fires while the INVITE server transaction is in the
        // 'Accepted' state, the transaction MUST transition to the 'Terminated' state."
        if (this.state === S.Accepted) this.transition(S.Terminated);
        return;
      default:
        return;
    }
  }

  /**
   * §17.2.4: when the transport cannot deliver a response (after the RFC 3263 §5 fallbacks
   * the transport applies itself), the TU is told and the transaction ends.
   */
  onSendError(err: Error): void {
    if (this.state === S.Terminated || this.state === S.Confirmed) return;
    this.transition(S.Terminated);
    this.tellUser(() => {
      this.user.onServerTransportError(this, err);
    });
  }

  protected onTerminated(): void {
    this.#request = null;
    this.#last = null;
    this.tellUser(() => {
      this.user.onServerTerminated(this);
    });
  }
}
