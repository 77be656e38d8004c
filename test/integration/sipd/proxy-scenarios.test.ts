/**
 * The SIPp scenarios of the sipd core issue, against the real sipd process running
 * test/fixtures/sipd/proxy-registrar.cfg (a record-routing stateful proxy and registrar):
 * OPTIONS answered statelessly, the REGISTER life cycle, a call to a registered contact,
 * calls over UDP and TCP, CANCEL of a ringing call, failure_route re-forwarding after a 486,
 * retransmissions absorbed, and Max-Forwards exhausted. Loopback only, bounded counts.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../../support/sipctl.js';
import { startSipd, type RunningSipd } from '../../support/sipd.js';
import { describeSipp, freePorts, runSipp, sippSkipReason, startSipp, waitForPort, type SippOptions, type SippTransport } from '../../support/sipp.js';

const CFG = path.join(REPO_ROOT, 'test', 'fixtures', 'sipd', 'proxy-registrar.cfg');
const SCENARIOS = path.join(REPO_ROOT, 'test', 'fixtures', 'sipp');
const skip = sippSkipReason();

function scenario(name: string): string {
  return path.join(SCENARIOS, `${name}.xml`);
}

function sets(vars: Record<string, string>): string[] {
  return Object.entries(vars).flatMap(([k, v]) => ['-set', k, v]);
}

/** Top Via branches of the requests SIPp received, from its message log. */
function receivedBranches(log: string, method: string): string[] {
  const out: string[] = [];
  for (const block of log.split(/^-{10,}.*$/m)) {
    if (!/message received/.test(block)) continue;
    const lines = block.trim().split(/\r?\n/).filter((l) => l.trim() !== '');
    const start = lines.findIndex((l) => l.startsWith(`${method} `));
    if (start < 0) continue;
    const via = lines.slice(start).find((l) => /^Via:/i.test(l));
    const m = via === undefined ? null : /branch=([^;,\s]+)/.exec(via);
    if (m?.[1] !== undefined) out.push(m[1]);
  }
  return out;
}

describe('sipd as a stateful proxy and registrar, driven by SIPp', { skip, timeout: 180_000 }, () => {
  let sipd: RunningSipd;
  let remote: string;

  before(async () => {
    sipd = await startSipd(CFG);
    remote = `127.0.0.1:${String(sipd.port)}`;
  });

  after(async () => {
    await sipd.stop();
  });

  const uac = (name: string, localPort: number, extra: Partial<SippOptions> = {}) =>
    runSipp({ scenario: scenario(name), remote, localPort, calls: 1, timeoutSec: 20, recvTimeoutMs: 10_000, ...extra });

  /** A callee scenario in the background, then the caller; both must succeed. */
  async function call(uasName: string, uacName: string, vars: (uasPort: number) => Record<string, string>, transport: SippTransport = 'u1', calls = 1) {
    const [uasPort, uacPort] = await freePorts(2);
    if (uasPort === undefined || uacPort === undefined) throw new Error('no ports');
    const uas = startSipp({ scenario: scenario(uasName), localPort: uasPort, calls, transport, timeoutSec: 25, traceMessages: true });
    try {
      await waitForPort(transport.startsWith('t') ? 'tcp' : 'udp', uasPort);
      const caller = await uac(uacName, uacPort, { transport, calls, rate: 5, extraArgs: sets(vars(uasPort)), traceMessages: true });
      const callee = await uas.done;
      return { caller, callee };
    } finally {
      await uas.stop();
    }
  }

  it('answers OPTIONS to itself statelessly (200 with an sl To-tag)', async () => {
    const [port] = await freePorts(1);
    const r = await runSipp({ scenario: scenario('options-stateless'), remote, localPort: port ?? 0, calls: 5, rate: 10, timeoutSec: 15 });
    assert.equal(r.exitCode, 0, describeSipp(r));
    assert.equal(r.stats?.successfulCalls, 5, describeSipp(r));
  });

  it('keeps a registration through add, refresh, remove, wildcard removal and expiry', async () => {
    const [port] = await freePorts(1);
    const r = await uac('register-lifecycle', port ?? 0, { timeoutSec: 20 });
    assert.equal(r.exitCode, 0, describeSipp(r));
    assert.equal(r.stats?.successfulCalls, 1, describeSipp(r));
  });

  it('routes a call to a registered contact found by lookup("location")', async () => {
    const [uasPort, regPort, uacPort] = await freePorts(3);
    if (uasPort === undefined || regPort === undefined || uacPort === undefined) throw new Error('no ports');
    const uas = startSipp({ scenario: scenario('call-uas'), localPort: uasPort, calls: 1, timeoutSec: 25 });
    try {
      await waitForPort('udp', uasPort);
      const reg = await uac('register-contact', regPort, { extraArgs: sets({ contact: `sip:bob@127.0.0.1:${String(uasPort)}` }) });
      assert.equal(reg.exitCode, 0, describeSipp(reg));
      const caller = await uac('call-uac', uacPort, { extraArgs: sets({ target: `sip:bob@127.0.0.1:${String(sipd.port)}` }) });
      assert.equal(caller.exitCode, 0, describeSipp(caller));
      const callee = await uas.done;
      assert.equal(callee.exitCode, 0, describeSipp(callee));
    } finally {
      await uas.stop();
    }
  });

  it('answers a call to an unregistered user with a stateful 404', async () => {
    const [port] = await freePorts(1);
    const r = await uac('call-uac', port ?? 0, { extraArgs: sets({ target: `sip:nobody@127.0.0.1:${String(sipd.port)}` }), recvTimeoutMs: 3000 });
    assert.notEqual(r.exitCode, 0, 'the scenario expects a 200, so a 404 fails it');
    assert.match(r.errors, /404 Not Found/, describeSipp(r));
  });

  for (const transport of ['u1', 't1'] as const) {
    it(`relays INVITE/180/200/ACK/BYE as a record-routing stateful proxy over ${transport === 'u1' ? 'UDP' : 'TCP'}`, async () => {
      const { caller, callee } = await call('call-uas', 'call-uac', (p) => ({ target: `sip:uas@127.0.0.1:${String(p)}${transport === 't1' ? ';transport=tcp' : ''}` }), transport, 3);
      assert.equal(caller.exitCode, 0, describeSipp(caller));
      assert.equal(callee.exitCode, 0, describeSipp(callee));
      assert.equal(caller.stats?.successfulCalls, 3, describeSipp(caller));
      // sipd stayed on the path: it record-routed, and ACK and BYE came back through it.
      assert.match(callee.messages, new RegExp(`Record-Route: <sip:127\\.0\\.0\\.1:${String(sipd.port)}${transport === 't1' ? ';transport=tcp' : ''};lr>`));
      assert.match(caller.messages, /SIP\/2\.0 100 trying -- your call is important to us/);
    });
  }

  it('cancels a ringing call: 200 for the CANCEL, 487 for the INVITE, CANCEL relayed to the callee', async () => {
    const { caller, callee } = await call('cancel-uas', 'cancel-uac', (p) => ({ target: `sip:uas@127.0.0.1:${String(p)}` }));
    assert.equal(caller.exitCode, 0, describeSipp(caller));
    assert.equal(callee.exitCode, 0, describeSipp(callee));
  });

  it('re-forwards from failure_route to a second callee after a 486', async () => {
    const [busyPort, secondPort, uacPort] = await freePorts(3);
    if (busyPort === undefined || secondPort === undefined || uacPort === undefined) throw new Error('no ports');
    const busy = startSipp({ scenario: scenario('busy-uas'), localPort: busyPort, calls: 1, timeoutSec: 25 });
    const second = startSipp({ scenario: scenario('call-uas'), localPort: secondPort, calls: 1, timeoutSec: 25 });
    try {
      await waitForPort('udp', busyPort);
      await waitForPort('udp', secondPort);
      const caller = await uac('failover-uac', uacPort, {
        extraArgs: sets({ target: `sip:busy@127.0.0.1:${String(busyPort)}`, failover: `sip:second@127.0.0.1:${String(secondPort)}` }),
        traceMessages: true,
      });
      assert.equal(caller.exitCode, 0, describeSipp(caller));
      assert.doesNotMatch(caller.messages, /486 Busy Here/, 'the 486 of the first leg is not relayed');
      assert.equal((await busy.done).exitCode, 0);
      assert.equal((await second.done).exitCode, 0);
    } finally {
      await busy.stop();
      await second.stop();
    }
  });

  it('absorbs retransmissions: the callee sees one transaction however often the caller resends', async () => {
    const { caller, callee } = await call('late-message-uas', 'retransmit-uac', (p) => ({ target: `sip:uas@127.0.0.1:${String(p)}` }));
    assert.equal(caller.exitCode, 0, describeSipp(caller));
    assert.equal(callee.exitCode, 0, describeSipp(callee));
    assert.ok((caller.stats?.retransmissions ?? 0) >= 1, `the caller retransmitted: ${describeSipp(caller)}`);
    const branches = receivedBranches(callee.messages, 'MESSAGE');
    assert.ok(branches.length >= 1, callee.messages.slice(0, 2000));
    assert.equal(new Set(branches).size, 1, `one relayed transaction, got branches ${branches.join(' ')}`);
  });

  it('answers 483 Too Many Hops when Max-Forwards is exhausted', async () => {
    const [port] = await freePorts(1);
    const r = await uac('maxfwd-483', port ?? 0);
    assert.equal(r.exitCode, 0, describeSipp(r));
  });
});
