import { performance } from 'node:perf_hooks';

/** An opaque handle of a timer started through a Clock. */
export type ClockHandle = object;

/**
 * Time for the transaction layer, injected so that tests run RFC 3261 timers (32 s Timer B,
 * 4 s T2 …) in milliseconds. Only the timer wheel calls setTimeout, and it keeps at most one
 * timer pending at a time.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (not the wall clock). */
  now(): number;
  setTimeout(fn: () => void, ms: number): ClockHandle;
  clearTimeout(handle: ClockHandle): void;
}

/** The real clock: performance.now() and Node's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

interface ManualTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told: `advance(ms)` runs every timer that falls due on the way,
 * in order, with `now()` set to each timer's due time while it runs.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): ClockHandle {
    const t: ManualTimer = { due: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(t);
    return t;
  }

  clearTimeout(handle: ClockHandle): void {
    const t = handle as ManualTimer;
    t.cancelled = true;
    const i = this.#timers.indexOf(t);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  /** Timers not yet run. */
  get pending(): number {
    return this.#timers.length;
  }

  #nextDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.#timers) {
      if (t.due > limit) continue;
      if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }

  /** Moves time forward by `ms`, running the timers that fall due. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const t = this.#nextDue(until);
      if (t === undefined) break;
      this.#timers.splice(this.#timers.indexOf(t), 1);
      this.#now = Math.max(this.#now, t.due);
      t.fn();
    }
    this.#now = until;
  }

  /** Moves time to the absolute instant `t` (no-op when it is in the past). */
  advanceTo(t: number): void {
    if (t > this.#now) this.advance(t - this.#now);
  }
}
