import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { buildSections, parseCycles, renderFrame, runMonitor, SCREEN, type MonitorSnapshot } from '../../../src/ctl/monitor.js';
import type { RpcValue } from '../../../src/rpc/rpc-value.js';
import { fakeCaller, jsonResult } from './captures.js';

function server(counter: { n: number }) {
  return fakeCaller({
    'core.version': 'kamailio 5.6.3 (x86_64/linux) ',
    'core.uptime': jsonResult('core.uptime'),
    'stats.get_statistics': (): RpcValue => {
      counter.n += 5;
      return [`tmx:UAS_transactions = ${String(counter.n)}`, 'sl:sent_replies = 3', 'usrloc:registered_users = 2', 'core:rcv_requests = 9', 'shmem:total_size = 67108864', 'shmem:real_used_size = 3040280'];
    },
  });
}

describe('monitor', () => {
  it('sections follow kamctl monitor; missing statistics are null; deltas after the first', () => {
    const first = buildSections([{ group: 'tmx', name: 'UAS_transactions', value: 10 }], undefined);
    assert.deepEqual(first.map((s) => s.title), ['Transactions', 'Stateless replies', 'User location', 'Core', 'Shared memory']);
    const transactions = first[0];
    assert.ok(transactions !== undefined);
    assert.deepEqual(transactions.stats.slice(0, 2), [
      { name: 'UAS_transactions', value: 10, delta: null },
      { name: 'UAC_transactions', value: null, delta: null },
    ]);
    const second = buildSections([{ group: 'tmx', name: 'UAS_transactions', value: 17 }], first);
    assert.equal(second[0]?.stats[0]?.delta, 7);
  });

  it('plain mode prints one frame per cycle and asks once per cycle', async () => {
    const counter = { n: 0 };
    const rpc = server(counter);
    const out: string[] = [];
    const r = await runMonitor({ rpc, cycles: 3, periodMs: 1, mode: 'plain', write: (t) => out.push(t), width: () => 100 });
    assert.equal(r.snapshots.length, 3);
    assert.equal(out.length, 3);
    assert.equal(rpc.calls.filter((c) => c.method === 'stats.get_statistics').length, 3);
    assert.match(out[2] ?? '', /cycle 3\/3/);
    assert.match(out[2] ?? '', /UAS_transactions +15 +\+5/);
    assert.match(out[0] ?? '', /memory \[#+\.+\] 4\.5% of 64 MiB/);
    assert.ok(!(out.join('')).includes('\x1b['), 'no escape codes off a terminal');
  });

  it('screen mode uses the alternate screen and leaves it, then prints the last frame', async () => {
    const out: string[] = [];
    await runMonitor({ rpc: server({ n: 0 }), cycles: 2, periodMs: 1, mode: 'screen', write: (t) => out.push(t), width: () => 120 });
    assert.equal(out[0], SCREEN.enter);
    assert.ok(out.at(-2) === SCREEN.leave, 'the screen is restored');
    assert.match(out.at(-1) ?? '', /cycle 2\/2/);
  });

  it('an abort ends an endless monitor; a failing first refresh is an error', async () => {
    const abort = new AbortController();
    const run = runMonitor({ rpc: server({ n: 0 }), cycles: undefined, periodMs: 60_000, mode: 'quiet', write: () => undefined, width: () => 80, signal: abort.signal });
    setTimeout(() => {
      abort.abort();
    }, 20);
    assert.equal((await run).snapshots.length, 1);
    const down = fakeCaller({ 'core.version': new AppError('E_RPC_CONNECT', 'Cannot connect') });
    await assert.rejects(runMonitor({ rpc: down, cycles: 2, periodMs: 1, mode: 'quiet', write: () => undefined, width: () => 80 }), (e: unknown) => e instanceof AppError && e.code === 'E_RPC_CONNECT');
  });

  it('a later failure is shown, not thrown', async () => {
    let calls = 0;
    const rpc = fakeCaller({
      'core.version': () => {
        calls++;
        if (calls > 1) throw new AppError('E_RPC_CONNECT', 'Cannot connect to unix:/x');
        return 'v';
      },
      'core.uptime': jsonResult('core.uptime'),
      'stats.get_statistics': [],
    });
    const r = await runMonitor({ rpc, cycles: 2, periodMs: 1, mode: 'quiet', write: () => undefined, width: () => 80 });
    const last: MonitorSnapshot | undefined = r.snapshots[1];
    assert.match(last?.error ?? '', /Cannot connect/);
    assert.match(renderFrame(last ?? (r.snapshots[0] as MonitorSnapshot), { cycles: 2, periodSeconds: 1, width: 80 }), /!! Cannot connect/);
  });

  it('cycles are whole numbers', () => {
    assert.equal(parseCycles('3'), 3);
    assert.throws(() => parseCycles('0'), /at least 1/);
  });
});
