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
 * RFC 3261 §17.2.2 (Figure 8):
 *
 * - Trying → Proceeding: "While in the 'Trying' state, if the TU passes a provisional
 *   response to the server transaction, the server transaction MUST enter the 'Proceeding'
 *   state."
 * - Trying, Proceeding → Completed: "If the TU passes a final response (status codes 200-699)
 *   to the server while in the 'Trying' state, the transaction MUST transition to the
 *   'Completed' state" (and the same from 'Proceeding').
 * - Completed → Terminated: "The server transaction remains in this state until Timer J
 *   fires, at which point it MUST transition to the 'Terminated' state."
 * - Trying, Proceeding → Terminated: a transport failure (§17.2.4).
 */
const TABLE: TransitionTable = transitionTable({
  [S.Trying]: [S.Proceeding, S.Completed, S.Terminated],
  [S.Proceeding]: [S.Completed, S.Terminated],
  [S.Completed]: [S.Terminated],
});

/** A non-INVITE server transaction (RFC 3261 §17.2.2), CANCEL included. */
export class NonInviteServerTransaction extends Transaction implements SendErrorSink {
  static readonly TABLE = TABLE;
  readonly kind = 'non-invite-server' as const;
  #request: SipRequest | null;
  readonly info: ReceiveInfo;
  readonly responseDest: DestInfo;
  user: ServerTransactionUser;
  lastStatus = 0;
  #last: Buffer | null = null;

  constructor(request: SipRequest, info: ReceiveInfo, responseDest: DestInfo, branch: string, host: TransactionHost, timers: TransactionTimers, reliable: boolean, user: ServerTransactionUser) {
    // "The state machine is initialized in the 'Trying' state and is passed a request other
    // than INVITE or ACK when initialized."
    super(TABLE, S.Trying, request.method, branch, host, timers, reliable);
    this.#request = request;
    this.info = info;
    this.responseDest = responseDest;
    this.user = user;
  }

  /** The request that made the transaction; null once a final response was sent (kept small for Timers J/L). */
  get request(): SipRequest | null {
    return this.#request;
  }

  get finalSent(): boolean {
    return this.lastStatus >= 200;
  }

  /** Sends a response from the TU; false once a final response has been sent. */
  respond(res: SipResponse): boolean {
    const state = this.state;
    if (state !== S.Trying && state !== S.Proceeding) {
      // "Any other final responses passed by the TU to the server transaction MUST be
      // discarded while in the 'Completed' state."
      return false;
    }
    const status = res.status;
    const bytes = serializeMessage(res);
    this.#last = bytes;
    this.lastStatus = status;
    if (status < 200) {
      // "While in the 'Trying' state, if the TU passes a provisional response to the server
      // transaction, the server transaction MUST enter the 'Proceeding' state. The response
      // MUST be passed to the transport layer for transmission." In 'Proceeding': "Any
      // further provisional responses that are received from the TU while in the
      // 'Proceeding' state MUST be passed to the transport layer for transmission."
      if (state === S.Trying) this.transition(S.Proceeding);
      this.host.send(this.responseDest, bytes, this);
      return true;
    }
    // "If the TU passes a final response (status codes 200-699) to the server while in the
    // 'Trying' state, the transaction MUST transition to the 'Completed' state, and the
    // response MUST be passed to the transport layer for transmission ... When the server
    // transaction enters the 'Completed' state, it MUST set Timer J to fire in 64*T1 seconds
    // for unreliable transports, and zero seconds for reliable transports."
    this.transition(S.Completed);
    this.#request = null;
    this.host.send(this.responseDest, bytes, this);
    this.startWaitTimer('J', this.timers.TIMER_J);
    return true;
  }

  /** A retransmission of the request matched to this transaction (RFC 3261 §17.2.3). */
  receiveRetransmission(): void {
    switch (this.state) {
      case S.Trying:
        // "Once in the 'Trying' state, any further request retransmissions are discarded."
        return;
      case S.Proceeding:
        // "If a retransmission of the request is received while in the 'Proceeding' state,
        // the most recently sent provisional response MUST be passed to the transport layer
        // for retransmission."
        if (this.#last !== null) this.host.send(this.responseDest, this.#last, this);
        return;
      case S.Completed:
        // "While in the 'Completed' state, the server transaction MUST pass the final
        // response to the transport layer for retransmission whenever a retransmission of
        // the request is received."
        if (this.#last !== null) this.host.send(this.responseDest, this.#last, this);
        return;
      case S.Calling:
      case S.Confirmed:
      case S.Accepted:
      case S.Terminated:
        return;
    }
  }

  onTimer(kind: string): void {
    // "The server transaction remains in this state until Timer J fires, at which point it
    // MUST transition to the 'Terminated' state."
    if (kind === 'J' && this.state === S.Completed) this.transition(S.Terminated);
  }

  /** §17.2.4: a response could not be delivered; the TU is told and the transaction ends. */
  onSendError(err: Error): void {
    if (this.state === S.Terminated || this.state === S.Completed) return;
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
