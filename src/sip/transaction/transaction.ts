import { AppError } from '../../errors.js';
import type { SendErrorSink } from '../transport/transport.js';
import type { DestInfo } from '../transport-types.js';
import { TimerEntry, type TimerTarget, type TimerWheel } from './timer-wheel.js';
import type { TransactionTimers } from './timers.js';
import { TransactionState, type TransitionTable } from './transaction-state.js';

/** What a transaction needs from the layer that owns it. */
export interface TransactionHost {
  readonly wheel: TimerWheel;
  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void;
  /** The transaction reached Terminated: drop it from the matching tables. */
  released(tx: Transaction): void;
  /** An exception thrown by a transaction user; the transaction goes on. */
  reportError(err: unknown): void;
}

/**
 * What the four RFC 3261 §17 machines share: the state with one `transition()` that rejects
 * edges the machine's table does not list, two wheel timers (one retransmission timer: A, E or
 * G, whose interval backs off; one timeout or wait timer: B, D, F, H, I, J, K, L or M), the end
 * in Terminated, and calls into the transaction user that must not stop the machine. The
 * subclasses keep only their state machine.
 */
export abstract class Transaction implements TimerTarget {
  #state: TransactionState;
  readonly #table: TransitionTable;
  readonly branch: string;
  /** The method of the request that made the transaction (INVITE for an INVITE transaction). */
  readonly method: string;
  readonly reliable: boolean;
  readonly timers: TransactionTimers;
  protected readonly host: TransactionHost;
  /** The top Via sent-by of the request that made a server transaction (§17.2.3), set by the layer. */
  sentByHost = '';
  sentByPort: number | null = null;
  /** The next transaction filed under the same branch (an INVITE and its CANCEL), kept by the layer. */
  nextSameBranch: Transaction | null = null;
  /** The RFC 2543 matching key (no magic cookie), set by the layer. */
  legacyKey: string | null = null;
  #retransmit: TimerEntry | null = null;
  /** The current interval of the retransmission timer (ms). */
  #interval = 0;
  #timeout: TimerEntry | null = null;

  /** `table`: the legal edges of the machine. */
  protected constructor(table: TransitionTable, initial: TransactionState, method: string, branch: string, host: TransactionHost, timers: TransactionTimers, reliable: boolean) {
    this.#table = table;
    this.#state = initial;
    this.method = method;
    this.branch = branch;
    this.host = host;
    this.timers = timers;
    this.reliable = reliable;
  }

  get state(): TransactionState {
    return this.#state;
  }

  /** Whether the machine is in `s` now (unlike `state ===`, not narrowed by the compiler across calls). */
  isIn(s: TransactionState): boolean {
    return this.#state === s;
  }

  get terminated(): boolean {
    return this.#state === TransactionState.Terminated;
  }

  /**
   * Moves to `to`, or throws E_INTERNAL when the machine has no such edge (a bug, never
   * input: every caller checks the state first). Entering Terminated stops the timers,
   * removes the transaction from the tables and tells the subclass.
   */
  protected transition(to: TransactionState): void {
    const from = this.#state;
    if (this.#table.get(from)?.has(to) !== true) {
      throw new AppError('E_INTERNAL', `${this.constructor.name} ${this.branch}: illegal transition ${from} -> ${to}`);
    }
    this.#state = to;
    if (to === TransactionState.Terminated) {
      this.stopRetransmitTimer();
      this.stopTimeoutTimer();
      this.host.released(this);
      this.onTerminated();
    }
  }

  #schedule(e: TimerEntry, kind: string, ms: number): void {
    e.kind = kind;
    this.host.wheel.schedule(e, ms);
  }

  /**
   * Starts (or restarts) the retransmission timer `kind` (A, E, G) with the interval `ms`.
   * Only on an unreliable transport: on a reliable one the transport does not lose the
   * message, and §17 sets none of these timers.
   */
  protected startRetransmitTimer(kind: string, ms: number): void {
    if (this.reliable) return;
    this.#interval = ms;
    this.#schedule((this.#retransmit ??= new TimerEntry(this, kind)), kind, ms);
  }

  /**
   * Re-arms the retransmission timer that just fired with its interval doubled, at most `cap`:
   * "reset with a value of MIN(2*T1, T2) ... an exponentially increasing interval that caps
   * at T2" (Timers E and G); Timer A doubles without a cap (Timer B ends it).
   */
  protected backOffRetransmitTimer(cap: number): void {
    const e = this.#retransmit;
    if (e === null || this.reliable) return;
    this.#interval = Math.min(this.#interval * 2, cap);
    this.host.wheel.schedule(e, this.#interval);
  }

  protected stopRetransmitTimer(): void {
    if (this.#retransmit !== null) this.host.wheel.cancel(this.#retransmit);
  }

  /** Starts (or restarts) the timeout or wait timer `kind`; it replaces the one running. */
  protected startTimeoutTimer(kind: string, ms: number): void {
    this.#schedule((this.#timeout ??= new TimerEntry(this, kind)), kind, ms);
  }

  protected stopTimeoutTimer(): void {
    if (this.#timeout !== null) this.host.wheel.cancel(this.#timeout);
  }

  /**
   * Starts the timer that keeps a finished transaction to absorb retransmissions (D, I, J, K),
   * or ends the transaction now when that timer is zero: "zero seconds for reliable transports".
   */
  protected startWaitTimer(kind: string, ms: number): void {
    if (ms > 0) this.startTimeoutTimer(kind, ms);
    else this.transition(TransactionState.Terminated);
  }

  /** Calls into the transaction user; what it throws is reported, and the machine goes on. */
  protected tellUser(call: () => void): void {
    try {
      call();
    } catch (err) {
      this.host.reportError(err);
    }
  }

  abstract onTimer(kind: string): void;

  /** Called once, on entering Terminated. */
  protected abstract onTerminated(): void;
}
