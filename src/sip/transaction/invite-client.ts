import { serializeMessage } from '../message-serializer.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import type { SendErrorSink } from '../transport/transport.js';
import type { DestInfo } from '../transport-types.js';
import type { ClientTransactionUser } from './client-transaction-user.js';
import { createAck } from './create-ack.js';
import type { TransactionTimers } from './timers.js';
import { Transaction, type TransactionHost } from './transaction.js';
import { TransactionState, transitionTable, type TransitionTable } from './transaction-state.js';

const S = TransactionState;

/**
 * RFC 3261 §17.1.1 (Figure 5) with RFC 6026 §8.4 (Accepted replaces the 2xx edge to Terminated):
 *
 * - Calling → Proceeding: "If the client transaction receives a provisional response while in
 *   the 'Calling' state, it transitions to the 'Proceeding' state."
 * - Calling, Proceeding → Completed: "When in either the 'Calling' or 'Proceeding' states,
 *   reception of a response with status code from 300-699 MUST cause the client transaction
 *   to transition to 'Completed'."
 * - Calling, Proceeding → Accepted: RFC 6026 §8.4, "a 2xx response ... MUST cause the client
 *   transaction to transition to the 'Accepted' state".
 * - Calling → Terminated: "If the client transaction is still in the 'Calling' state when
 *   timer B fires, the client transaction SHOULD inform the TU that a timeout has occurred";
 *   and §17.1.4, a transport error.
 * - Proceeding → Terminated: §9.1, after a CANCEL: "If there is no final response for the
 *   original request in 64*T1 seconds ..., the client SHOULD then consider the original
 *   transaction cancelled and SHOULD destroy the client transaction handling the original
 *   request." (`cancelSent()` arms that wait as Timer B.)
 * - Completed → Terminated: "If timer D fires while the client transaction is in the
 *   'Completed' state, the client transaction MUST move to the terminated state."
 * - Accepted → Terminated: RFC 6026 §8.4, "If Timer M fires and the state machine is in the
 *   'Accepted' state, the machine MUST transition to the 'Terminated' state."
 */
const TABLE: TransitionTable = transitionTable({
  [S.Calling]: [S.Proceeding, S.Completed, S.Accepted, S.Terminated],
  [S.Proceeding]: [S.Completed, S.Accepted, S.Terminated],
  [S.Completed]: [S.Terminated],
  [S.Accepted]: [S.Terminated],
});

/** An INVITE client transaction (RFC 3261 §17.1.1, RFC 6026). */
export class InviteClientTransaction extends Transaction implements SendErrorSink {
  static readonly TABLE = TABLE;
  readonly kind = 'invite-client' as const;
  #request: SipRequest | null;
  readonly dest: DestInfo;
  user: ClientTransactionUser;
  /** The status of the last response received (0 before any). */
  lastStatus = 0;
  #bytes: Buffer | null = null;
  #ack: Buffer | null = null;

  constructor(request: SipRequest, dest: DestInfo, branch: string, host: TransactionHost, timers: TransactionTimers, reliable: boolean, user: ClientTransactionUser) {
    super(TABLE, S.Calling, 'INVITE', branch, host, timers, reliable);
    this.#request = request;
    this.dest = dest;
    this.user = user;
  }

  /** The request as sent; null once nothing can need it again (a final response came, or Terminated). */
  get request(): SipRequest | null {
    return this.#request;
  }

  /** The request bytes as sent (null once no retransmission can follow). */
  get bytes(): Buffer | null {
    return this.#bytes;
  }

  /**
   * "The initial state, 'calling', MUST be entered when the TU initiates a new client
   * transaction with an INVITE request. The client transaction MUST pass the request to the
   * transport layer for transmission. If an unreliable transport is being used, the client
   * transaction MUST start timer A with a value of T1 ... For any transport, the client
   * transaction MUST start timer B with a value of 64*T1 seconds."
   */
  start(): void {
    const req = this.#request;
    if (req === null) return;
    const bytes = serializeMessage(req);
    this.#bytes = bytes;
    this.host.send(this.dest, bytes, this);
    this.startRetransmitTimer('A', this.timers.TIMER_A);
    this.startTimeoutTimer('B', this.timers.TIMER_B);
  }

  /** The TU gave up waiting (proxy fr timer): no more INVITE retransmissions; responses still match until Timer B. */
  stopRetransmissions(): void {
    this.stopRetransmitTimer();
  }

  /**
   * The TU sent a CANCEL for this INVITE (§9.1): if no final response comes within 64*T1, the
   * transaction is destroyed and the TU told as for a timeout. Only in Proceeding; in Calling
   * Timer B already runs.
   */
  cancelSent(): void {
    if (this.state === S.Proceeding) this.startTimeoutTimer('B', this.timers.TIMER_B);
  }

  onTimer(kind: string): void {
    switch (kind) {
      case 'A':
        // "When timer A fires, the client transaction MUST retransmit the request by passing
        // it to the transport layer, and MUST reset the timer with a value of 2*T1."
        if (this.state !== S.Calling || this.#bytes === null) return;
        this.host.send(this.dest, this.#bytes, this);
        this.backOffRetransmitTimer(Infinity);
        return;
      case 'B':
        // "If the client transaction is still in the 'Calling' state when timer B fires, the
        // client transaction SHOULD inform the TU that a timeout has occurred." In
        // Proceeding only after cancelSent(): §9.1, no final response 64*T1 after a CANCEL.
        if (this.state !== S.Calling && this.state !== S.Proceeding) return;
        this.transition(S.Terminated);
        this.tellUser(() => {
          this.user.onTimeout(this);
        });
        return;
      case 'D':
        // "If timer D fires while the client transaction is in the 'Completed' state, the
        // client transaction MUST move to the terminated state."
        if (this.state === S.Completed) this.transition(S.Terminated);
        return;
      case 'M':
        // RFC 6026 §8.4: "If Timer M fires and the state machine is in the 'Accepted' state,
        // the machine MUST transition to the 'Terminated' state."
        if (this.state === S.Accepted) this.transition(S.Terminated);
        return;
      default:
        return;
    }
  }

  /** A response matched to this transaction by the layer (RFC 3261 §17.1.3). */
  receiveResponse(res: SipResponse): void {
    const status = res.status;
    switch (this.state) {
      case S.Calling:
      case S.Proceeding:
        this.lastStatus = status;
        if (status < 200) {
          // "If the client transaction receives a provisional response while in the 'Calling'
          // state, it transitions to the 'Proceeding' state. In the 'Proceeding' state, the
          // client transaction SHOULD NOT retransmit the request any longer. Furthermore,
          // the provisional response MUST be passed to the TU."
          if (this.state === S.Calling) {
            this.transition(S.Proceeding);
            this.stopRetransmitTimer();
            this.stopTimeoutTimer();
            this.#bytes = null;
          }
        } else if (status < 300) {
          // RFC 6026 §8.4: "a 2xx response ... MUST be passed up to the TU, and the client
          // transaction MUST transition to the 'Accepted' state ... Timer M MUST be started
          // with a value of 64*T1."
          this.transition(S.Accepted);
          this.stopRetransmitTimer();
          this.#bytes = null;
          this.#request = null;
          this.startTimeoutTimer('M', this.timers.TIMER_M);
        } else {
          // "When in either the 'Calling' or 'Proceeding' states, reception of a response
          // with status code from 300-699 MUST cause the client transaction to transition to
          // 'Completed'. The client transaction MUST pass the received response up to the TU,
          // and the client transaction MUST generate an ACK request ... The client
          // transaction SHOULD start timer D when it enters the 'Completed' state, with a
          // value of at least 32 seconds for unreliable transports, and a value of zero
          // seconds for reliable transports."
          this.transition(S.Completed);
          this.stopRetransmitTimer();
          const invite = this.#request;
          this.#request = null;
          this.#bytes = null;
          if (invite !== null) {
            const ack = serializeMessage(createAck(invite, res));
            this.#ack = ack;
            this.host.send(this.dest, ack, this);
          }
        }
        this.tellUser(() => {
          this.user.onResponse(this, res);
        });
        // Timer D after the response is passed up: with zero (reliable) it ends the transaction.
        if (this.isIn(S.Completed)) this.startWaitTimer('D', this.timers.TIMER_D);
        return;
      case S.Completed:
        // "Any retransmissions of the final response that are received while in the
        // 'Completed' state MUST cause the ACK to be re-passed to the transport layer for
        // retransmission, but the newly received response MUST NOT be passed up to the TU."
        if (status >= 300 && this.#ack !== null) this.host.send(this.dest, this.#ack, this);
        return;
      case S.Accepted:
        // RFC 6026 §8.4: "any 2xx responses that match this client transaction and that are
        // received while in the 'Accepted' state MUST be passed up directly to the TU."
        if (status >= 200 && status < 300) {
          this.tellUser(() => {
            this.user.onResponse(this, res);
          });
        }
        return;
      case S.Trying:
      case S.Confirmed:
      case S.Terminated:
        return;
    }
  }

  /**
   * §17.1.4: "the client transaction SHOULD inform the TU that a transport failure has
   * occurred, and the client transaction SHOULD transition directly to the 'Terminated'
   * state." Applies while the INVITE is being sent (Calling); a failed ACK ends Completed.
   */
  onSendError(err: Error): void {
    if (this.state === S.Calling) {
      this.transition(S.Terminated);
      this.tellUser(() => {
        this.user.onTransportError(this, err);
      });
    } else if (this.state === S.Completed) {
      this.transition(S.Terminated);
    }
  }

  protected onTerminated(): void {
    this.#request = null;
    this.#bytes = null;
    this.#ack = null;
  }
}
