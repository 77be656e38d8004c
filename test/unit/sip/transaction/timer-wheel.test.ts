import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, TimerEntry, TimerWheel, type TimerTarget } from '../../../../src/sip/index.js';

class Log implements TimerTarget {
  readonly fired: string[] = [];
  constructor(
    readonly clock: ManualClock,
    readonly then?: (kind: string) => void,
  ) {}
  onTimer(kind: string): void {
    this.fired.push(`${kind}@${String(this.clock.now())}`);
    this.then?.(kind);
  }
}

describe('TimerWheel', () => {
  it('fires on the first tick at or after the due time, in order, keeping one clock timer', () => {
    const clock = new ManualClock();
    const wheel = new TimerWheel(clock, { tickMs: 10, slots: 64 });
    const log = new Log(clock);
    wheel.schedule(new TimerEntry(log, 'b'), 25);
    wheel.schedule(new TimerEntry(log, 'a'), 10);
    wheel.schedule(new TimerEntry(log, 'c'), 2000);
    assert.equal(wheel.size, 3);
    assert.equal(clock.pending, 1, 'one clock timer for the whole wheel');
    clock.advance(3000);
    assert.deepEqual(log.fired, ['a@10', 'b@30', 'c@2000']);
    assert.equal(wheel.size, 0);
    assert.equal(clock.pending, 0, 'idle wheel, no timer armed');
  });

  it('cancels and reschedules entries without allocating new ones', () => {
    const clock = new ManualClock();
    const wheel = new TimerWheel(clock, { tickMs: 10, slots: 16 });
    const log = new Log(clock);
    const e = new TimerEntry(log, 'x');
    wheel.schedule(e, 100);
    wheel.schedule(e, 300);
    assert.equal(wheel.size, 1);
    clock.advance(200);
    assert.deepEqual(log.fired, []);
    wheel.cancel(e);
    assert.equal(e.scheduled, false);
    clock.advance(500);
    assert.deepEqual(log.fired, []);
    wheel.schedule(e, 0);
    clock.advance(10);
    assert.deepEqual(log.fired, ['x@700'], 'a zero delay fires on the current tick');
  });

  it('handles delays of several turns and targets that reschedule themselves', () => {
    const clock = new ManualClock();
    const wheel = new TimerWheel(clock, { tickMs: 10, slots: 16 });
    let count = 0;
    const entry: { e: TimerEntry | null } = { e: null };
    const log = new Log(clock, () => {
      if (++count < 3 && entry.e !== null) wheel.schedule(entry.e, 1000);
    });
    entry.e = new TimerEntry(log, 'r');
    wheel.schedule(entry.e, 1000);
    wheel.schedule(new TimerEntry(log, 'far'), 5555);
    clock.advance(10_000);
    assert.deepEqual(log.fired, ['r@1000', 'r@2000', 'r@3000', 'far@5560']);
  });

  it('catches up after a long stall and keeps going after a target throws', () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const wheel = new TimerWheel(clock, { tickMs: 10, slots: 16, onError: (e) => errors.push(e) });
    const log = new Log(clock, (k) => {
      if (k === 'boom') throw new Error('boom');
    });
    wheel.schedule(new TimerEntry(log, 'boom'), 50);
    wheel.schedule(new TimerEntry(log, 'ok'), 60);
    // Time jumps past both without the clock timer having run in between.
    clock.advanceTo(0);
    assert.equal(wheel.size, 2);
    clock.advance(100_000);
    assert.deepEqual(log.fired.map((f) => f.split('@')[0]), ['boom', 'ok']);
    assert.equal(errors.length, 1);
    assert.throws(() => new TimerWheel(clock, { slots: 100 }), /power of two/);
  });
});

describe('ManualClock', () => {
  it('runs due timers in order with now() at their due time', () => {
    const clock = new ManualClock(1000);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 50);
    const h = clock.setTimeout(() => seen.push(-1), 20);
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 5);
    }, 10);
    clock.clearTimeout(h);
    clock.advance(100);
    assert.deepEqual(seen, [1010, 1015, 1050]);
    assert.equal(clock.now(), 1100);
  });
});
