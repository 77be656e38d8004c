import type { Clock, ClockHandle } from './clock.js';

/** What a timer entry calls when it fires: no closure per timer, the owner dispatches on `kind`. */
export interface TimerTarget {
  onTimer(kind: string): void;
}

/**
 * One schedulable timer of a target (a transaction owns a couple and reschedules them).
 * Entries are intrusive list nodes, so scheduling and cancelling allocate nothing.
 */
export class TimerEntry {
  readonly target: TimerTarget;
  kind: string;
  /** Tick at which the entry fires. */
  tick = 0;
  /** Slot index while scheduled, -1 otherwise. */
  slot = -1;
  next: TimerEntry | null = null;
  prev: TimerEntry | null = null;

  constructor(target: TimerTarget, kind = '') {
    this.target = target;
    this.kind = kind;
  }

  get scheduled(): boolean {
    return this.slot >= 0;
  }
}

export interface TimerWheelOptions {
  /** Resolution in ms: a timer fires on the first tick at or after its due time (default 10). */
  readonly tickMs?: number;
  /** Number of slots, a power of two (default 1024: one turn is 10.24 s at 10 ms). */
  readonly slots?: number;
  /** Exceptions thrown by targets (the wheel goes on with the other entries). */
  readonly onError?: (err: unknown) => void;
}

/**
 * A hashed timer wheel (Varghese & Lauck) over an injected Clock: every transaction timer of
 * the process lives here, with a single clock timer armed for the next non-empty slot. An
 * entry due beyond one turn waits in its slot for later turns.
 */
export class TimerWheel {
  readonly #clock: Clock;
  readonly #tick: number;
  readonly #mask: number;
  readonly #heads: (TimerEntry | null)[];
  readonly #onError: ((err: unknown) => void) | undefined;
  /** Last tick processed. */
  #current: number;
  #size = 0;
  #handle: ClockHandle | null = null;
  #armedTick = -1;
  #closed = false;

  constructor(clock: Clock, options: TimerWheelOptions = {}) {
    const slots = options.slots ?? 1024;
    if (slots < 2 || (slots & (slots - 1)) !== 0) throw new Error('TimerWheel slots must be a power of two');
    this.#clock = clock;
    this.#tick = options.tickMs ?? 10;
    this.#mask = slots - 1;
    this.#heads = new Array<TimerEntry | null>(slots).fill(null);
    this.#onError = options.onError;
    this.#current = Math.floor(clock.now() / this.#tick);
  }

  /** Entries scheduled. */
  get size(): number {
    return this.#size;
  }

  get tickMs(): number {
    return this.#tick;
  }

  /** Schedules (or reschedules) `entry` to fire `delayMs` from now, on the first tick at or after it. */
  schedule(entry: TimerEntry, delayMs: number): void {
    if (entry.slot >= 0) this.#unlink(entry);
    if (this.#closed) return;
    const dueTick = Math.ceil((this.#clock.now() + delayMs) / this.#tick);
    const tick = dueTick > this.#current ? dueTick : this.#current + 1;
    entry.tick = tick;
    const slot = tick & this.#mask;
    entry.slot = slot;
    const head = this.#heads[slot] ?? null;
    entry.prev = null;
    entry.next = head;
    if (head !== null) head.prev = entry;
    this.#heads[slot] = entry;
    this.#size++;
    if (this.#armedTick < 0 || tick < this.#armedTick) this.#arm(tick);
  }

  cancel(entry: TimerEntry): void {
    if (entry.slot >= 0) this.#unlink(entry);
  }

  #unlink(entry: TimerEntry): void {
    if (entry.prev !== null) entry.prev.next = entry.next;
    else this.#heads[entry.slot] = entry.next;
    if (entry.next !== null) entry.next.prev = entry.prev;
    entry.next = null;
    entry.prev = null;
    entry.slot = -1;
    this.#size--;
  }

  #arm(tick: number): void {
    if (this.#handle !== null) this.#clock.clearTimeout(this.#handle);
    this.#armedTick = tick;
    this.#handle = this.#clock.setTimeout(this.#onClock, Math.max(0, tick * this.#tick - this.#clock.now()));
  }

  readonly #onClock = (): void => {
    this.#handle = null;
    this.#armedTick = -1;
    if (this.#closed) return;
    const target = Math.floor(this.#clock.now() / this.#tick);
    const last = Math.min(target, this.#current + this.#mask + 1);
    for (let t = this.#current + 1; t <= last; t++) {
      this.#current = t;
      this.#fireSlot(t & this.#mask, target);
    }
    if (target > this.#current) this.#current = target;
    this.#armNext();
  };

  #fireSlot(slot: number, target: number): void {
    let e = this.#heads[slot] ?? null;
    while (e !== null) {
      const next: TimerEntry | null = e.next;
      if (e.tick <= target) {
        this.#unlink(e);
        try {
          e.target.onTimer(e.kind);
        } catch (err) {
          this.#onError?.(err);
        }
        // The callback may have cancelled or rescheduled `next`; restart the slot if so.
        if (next !== null && next.slot !== slot) {
          this.#fireSlot(slot, target);
          return;
        }
      }
      e = next;
    }
  }

  #armNext(): void {
    if (this.#size === 0 || this.#closed) return;
    for (let k = 1; k <= this.#mask + 1; k++) {
      const t = this.#current + k;
      if (this.#heads[t & this.#mask] !== null) {
        this.#arm(t);
        return;
      }
    }
  }

  /** Cancels the clock timer; entries stay unfired. */
  close(): void {
    this.#closed = true;
    if (this.#handle !== null) this.#clock.clearTimeout(this.#handle);
    this.#handle = null;
    this.#armedTick = -1;
  }
}
