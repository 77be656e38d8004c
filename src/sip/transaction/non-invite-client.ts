import { serializeMessage } from '../message-serializer.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import type { SendErrorSink } from '../transport/transport.js';
import type { DestInfo } from '../transport-types.js';
import type { ClientTransactionUser } from './client-transaction-user.js';
import type { TransactionTimers } from './timers.js';
import { Transaction, type TransactionHost } from './transaction.js';
import { TransactionState, transitionTable, type TransitionTable } from './transaction-state.js';

const S = TransactionState;

/**
 * RFC 3261 §17.1.2 (Figure 6):
 *
 * - Trying → Proceeding: "If a provisional response is received while in the 'Trying' state,
 *   the response MUST be passed to the TU, and then the client transaction SHOULD move to the
 *   'Proceeding' state."
 * - Trying, Proceeding → Completed: "If a final response (status codes 200-699) is received
 *   while in the 'Trying' state, the response MUST be passed to the TU, and the client
 *   transaction MUST transition to the 'Completed' state." (the same from Proceeding)
 * - Trying, Proceeding → Terminated: "If Timer F fires while the client transaction is still
 *   in the 'Trying' state, the client transaction SHOULD inform the TU about the timeout, and
 *   then it SHOULD enter the 'Terminated' state." (the same from Proceeding); and a transport
 *   error (§17.1.4).
 * - Completed → Terminated: "If Timer K fires while in this state, the client transaction
 *   MUST transition to the 'Terminated' state."
 */
const TABLE: TransitionTable = transitionTable({
  [S.Trying]: [S.Proceeding, S.Completed, S.Terminated],
  [S.Proceeding]: [S.Completed, S.Terminated],
  [S.Completed]: [S.Terminated],
});

/** A non-INVITE client transaction (RFC 3261 §17.1.2), CANCEL included. */
export class NonInviteClientTransaction extends Transaction implements SendErrorSink {
  static readonly TABLE = TABLE;
  readonly kind = 'non-invite-client' as const;
  #request: SipRequest | null;
  readonly dest: DestInfo;
  user: ClientTransactionUser;
  lastStatus = 0;
  #bytes: Buffer | null = null;

  constructor(request: SipRequest, dest: DestInfo, branch: string, host: TransactionHost, timers: TransactionTimers, reliable: boolean, user: ClientTransactionUser) {
    super(TABLE, S.Trying, request.method, branch, host, timers, reliable);
    this.#request = request;
    this.dest = dest;
    this.user = user;
  }

  /** The request as sent; null once nothing can need it again (a final response came, or Terminated). */
  get request(): SipRequest | null {
    return this.#request;
  }

  get bytes(): Buffer | null {
    return this.#bytes;
  }

  /**
   * "The 'Trying' state is entered when the TU initiates a new client transaction with a
   * request. When entering this state, the client transaction SHOULD set timer F to fire in
   * 64*T1 seconds. The request MUST be passed to the transport layer for transmission. If an
   * unreliable transport is in use, the client transaction MUST set timer E to fire in T1
   * seconds."
   */
  start(): void {
    const req = this.#request;
    if (req === null) return;
    const bytes = serializeMessage(req);
    this.#bytes = bytes;
    this.host.send(this.dest, bytes, this);
    this.startRetransmitTimer('E', this.timers.TIMER_E);
    this.startTimeoutTimer('F', this.timers.TIMER_F);
  }

  /** The TU gave up waiting (proxy fr timer): no more retransmissions; responses still match until Timer F. */
  stopRetransmissions(): void {
    this.stopRetransmitTimer();
  }

  onTimer(kind: string): void {
    switch (kind) {
      case 'E':
        if (this.#bytes === null) return;
        if (this.state === S.Trying) {
          // "If timer E fires while still in this state, the timer is reset, but this time
          // with a value of MIN(2*T1, T2). When the timer fires again, it is reset to a
          // MIN(4*T1, T2). This process continues so that retransmissions occur with an
          // exponentially increasing interval that caps at T2."
          this.host.send(this.dest, this.#bytes, this);
          this.backOffRetransmitTimer(this.timers.T2);
        } else if (this.state === S.Proceeding) {
          // "If Timer E fires while in the 'Proceeding' state, the request MUST be passed to
          // the transport layer for retransmission, and Timer E MUST be reset with a value
          // of T2 seconds."
          this.host.send(this.dest, this.#bytes, this);
          this.startRetransmitTimer('E', this.timers.T2);
        }
        return;
      case 'F':
        // "If Timer F fires while the client transaction is still in the 'Trying' state, the
        // client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter
        // the 'Terminated' state." (and the same in 'Proceeding')
        if (this.state !== S.Trying && this.state !== S.Proceeding) return;
        this.transition(S.Terminated);
        this.tellUser(() => {
          this.user.onTimeout(this);
        });
        return;
      case 'K':
        // "If Timer K fires while in this state, the client transaction MUST transition to
        // the 'Terminated' state."
        if (this.state === S.Completed) this.transition(S.Terminated);
        return;
      default:
        return;
    }
  }

  receiveResponse(res: SipResponse): void {
    const status = res.status;
    const state = this.state;
    if (state !== S.Trying && state !== S.Proceeding) {
      // Completed: "The 'Completed' state exists to buffer any additional response
      // retransmissions that may be received."
      return;
    }
    this.lastStatus = status;
    if (status < 200) {
      // "If a provisional response is received while in the 'Trying' state, the response
      // MUST be passed to the TU, and then the client transaction SHOULD move to the
      // 'Proceeding' state."
      if (state === S.Trying) this.transition(S.Proceeding);
    } else {
      // "If a final response (status codes 200-699) is received while in the 'Trying'
      // [or 'Proceeding'] state, the response MUST be passed to the TU, and the client
      // transaction MUST transition to the 'Completed' state ... Once the client transaction
      // enters the 'Completed' state, it MUST set Timer K to fire in T4 seconds for
      // unreliable transports, and zero seconds for reliable transports."
      this.transition(S.Completed);
      this.stopRetransmitTimer();
      this.#bytes = null;
      this.#request = null;
    }
    this.tellUser(() => {
      this.user.onResponse(this, res);
    });
    // Timer K after the response is passed up: with zero (reliable) it ends the transaction.
    if (this.isIn(S.Completed)) this.startWaitTimer('K', this.timers.TIMER_K);
  }

  /**
   * §17.1.4: "the client transaction SHOULD inform the TU that a transport failure has
   * occurred, and the client transaction SHOULD transition directly to the 'Terminated' state."
   */
  onSendError(err: Error): void {
    if (this.state !== S.Trying && this.state !== S.Proceeding) return;
    this.transition(S.Terminated);
    this.tellUser(() => {
      this.user.onTransportError(this, err);
    });
  }

  protected onTerminated(): void {
    this.#request = null;
    this.#bytes = null;
  }
}
