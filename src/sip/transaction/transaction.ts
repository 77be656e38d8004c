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
 * edges the machine's table does not list, and two wheel timers (one retransmission timer:
 * A, E or G; one timeout or wait timer: B, D, F, H, I, J, K, L or M).
 */
export abstract class Transaction implements TimerTarget {
  #state: TransactionState;
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
  #timeout: TimerEntry | null = null;

  protected constructor(initial: TransactionState, method: string, branch: string, host: TransactionHost, timers: TransactionTimers, reliable: boolean) {
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

  /** The legal edges of this machine. */
  protected abstract get table(): TransitionTable;

  /**
   * Moves to `to`, or throws E_INTERNAL when the machine has no such edge (a bug, never
   * input: every caller checks the state first). Entering Terminated stops the timers,
   * removes the transaction from the tables and tells the subclass.
   */
  protected transition(to: TransactionState): void {
    const from = this.#state;
    if (this.table.get(from)?.has(to) !== true) {
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

  protected startRetransmitTimer(kind: string, ms: number): void {
    const e = (this.#retransmit ??= new TimerEntry(this, kind));
    e.kind = kind;
    this.host.wheel.schedule(e, ms);
  }

  protected stopRetransmitTimer(): void {
    if (this.#retransmit !== null) this.host.wheel.cancel(this.#retransmit);
  }

  protected startTimeoutTimer(kind: string, ms: number): void {
    const e = (this.#timeout ??= new TimerEntry(this, kind));
    e.kind = kind;
    this.host.wheel.schedule(e, ms);
  }

  protected stopTimeoutTimer(): void {
    if (this.#timeout !== null) this.host.wheel.cancel(this.#timeout);
  }

  abstract onTimer(kind: string): void;

  /** Called once, on entering Terminated. */
  protected abstract onTerminated(): void;
}
