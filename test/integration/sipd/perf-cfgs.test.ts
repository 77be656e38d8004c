/**
 * sipd runs the very Kamailio cfg files of reference/perf (S1 OPTIONS, S4 stateful proxy):
 * `-c` accepts all of them, and S1 and S4 serve a short SIPp run with the reference
 * scenarios. The files listen on 127.0.0.1:5070; when that port is taken (a bench running)
 * the live runs are skipped with a message.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SHARED_REFERENCE } from '../../support/sipctl.js';
import { SIPD_BIN } from '../../support/sipd.js';
import { describeSipp, freePorts, runSipp, sippSkipReason, startSipp, waitForPort } from '../../support/sipp.js';

const PERF = path.join(SHARED_REFERENCE, 'perf');
const CFG = path.join(PERF, 'kamailio');
const SCENARIOS = path.join(PERF, 'scenarios');
const BENCH_PORT = 5070;

async function portBusy(): Promise<boolean> {
  try {
    await waitForPort('udp', BENCH_PORT, '127.0.0.1', 100);
    return true;
  } catch {
    return false;
  }
}

/** Starts sipd on a reference cfg with private control sockets; stops it after `body`. */
async function withSipd(cfg: string, defines: readonly string[], body: () => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-perf-'));
  const args = [SIPD_BIN, '-D', '-E', '-f', cfg, '-Y', dir, '-A', `CTLSOCK="unixs:${path.join(dir, 'ctl')}"`, '-A', `RPCFIFO="${path.join(dir, 'rpc.fifo')}"`, ...defines.flatMap((d) => ['-A', d])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => {
    resolve();
  }));
  try {
    await waitForPort('udp', BENCH_PORT, '127.0.0.1', 20_000).catch((e: unknown) => {
      throw new Error(`sipd did not start on ${cfg}: ${err}\n${String(e)}`);
    });
    await body();
    assert.doesNotMatch(err, /internal error/, err);
  } finally {
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the reference perf cfgs under sipd', { timeout: 120_000 }, () => {
  for (const file of ['s1-options.cfg', 's2-register.cfg', 's4-proxy.cfg']) {
    it(`sipd -c accepts ${file}`, () => {
      const r = spawnSync(process.execPath, [SIPD_BIN, '-c', '-f', path.join(CFG, file)], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /config file ok/);
    });
  }

  const skip = sippSkipReason();

  it('S1: s1-options.cfg answers the reference OPTIONS scenario', { skip }, async (t) => {
    if (await portBusy()) {
      t.skip(`127.0.0.1:${String(BENCH_PORT)} is busy (a bench is running?)`);
      return;
    }
    await withSipd(path.join(CFG, 's1-options.cfg'), [], async () => {
      const [port] = await freePorts(1);
      const r = await runSipp({ scenario: path.join(SCENARIOS, 's1_options.xml'), remote: `127.0.0.1:${String(BENCH_PORT)}`, localPort: port ?? 0, calls: 200, rate: 200, timeoutSec: 20 });
      assert.equal(r.exitCode, 0, describeSipp(r));
      assert.equal(r.stats?.successfulCalls, 200, describeSipp(r));
    });
  });

  it('S4: s4-proxy.cfg relays the reference calls to the reference UAS', { skip }, async (t) => {
    if (await portBusy()) {
      t.skip(`127.0.0.1:${String(BENCH_PORT)} is busy (a bench is running?)`);
      return;
    }
    const [uasPort, uacPort] = await freePorts(2);
    if (uasPort === undefined || uacPort === undefined) throw new Error('no ports');
    await withSipd(path.join(CFG, 's4-proxy.cfg'), [`UAS="sip:127.0.0.1:${String(uasPort)}"`], async () => {
      const uas = startSipp({ scenario: path.join(SCENARIOS, 's4_uas.xml'), localPort: uasPort, calls: 50, timeoutSec: 30 });
      try {
        await waitForPort('udp', uasPort);
        const r = await runSipp({ scenario: path.join(SCENARIOS, 's4_uac.xml'), remote: `127.0.0.1:${String(BENCH_PORT)}`, localPort: uacPort, calls: 50, rate: 25, callDurationMs: 200, timeoutSec: 25 });
        assert.equal(r.exitCode, 0, describeSipp(r));
        assert.equal(r.stats?.successfulCalls, 50, describeSipp(r));
        const callee = await uas.done;
        assert.equal(callee.exitCode, 0, describeSipp(callee));
      } finally {
        await uas.stop();
      }
    });
  });
});
