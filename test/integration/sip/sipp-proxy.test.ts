/**
 * The proxy core against real SIPp endpoints on real sockets: SIPp `-sn uac` → proxy (UDP
 * and TCP on one free port) → SIPp `-sn uas`, over UDP and over TCP, with bounded call counts
 * and timeouts. Passing means SIPp's exit code 0 on both sides (every call completed:
 * INVITE, 180, 200, ACK, pause, BYE, 200).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyCore, TcpTransport, TransportSet, UdpTransport } from '../../../src/sip/index.js';
import { describeSipp, freePorts, runSipp, sippSkipReason, startSipp, waitForPort, type SippTransport } from '../../support/sipp.js';
import { simpleRouter } from '../../unit/sip/proxy/simple-router.js';

const skip = sippSkipReason();
const CALLS = 10;

interface RunningProxy {
  readonly core: ProxyCore;
  readonly errors: unknown[];
  stop(): Promise<void>;
}

/** The proxy core on udp and tcp 127.0.0.1:port, relaying everything to `destination`. */
async function startProxy(port: number, destination: string): Promise<RunningProxy> {
  const errors: unknown[] = [];
  const transports = new TransportSet([
    new UdpTransport({ proto: 'udp', address: '127.0.0.1', port }, { recvBufferSize: 1 << 20 }),
    new TcpTransport({ proto: 'tcp', address: '127.0.0.1', port }),
  ]);
  const core = new ProxyCore({ transports, onError: (err) => errors.push(err) });
  core.hooks.onRequest = simpleRouter(core, { destination });
  await core.start();
  return { core, errors, stop: () => core.stop() };
}

async function callThroughProxy(transport: SippTransport): Promise<void> {
  const [proxyPort, uasPort, uacPort] = await freePorts(3);
  assert.ok(proxyPort !== undefined && uasPort !== undefined && uacPort !== undefined);
  const tcp = transport.startsWith('t');
  const proxy = await startProxy(proxyPort, `sip:127.0.0.1:${String(uasPort)}${tcp ? ';transport=tcp' : ''}`);
  const uas = startSipp({ scenario: 'uas', localPort: uasPort, transport, calls: CALLS, timeoutSec: 40 });
  try {
    await waitForPort(tcp ? 'tcp' : 'udp', uasPort);
    const uac = await runSipp({
      scenario: 'uac',
      remote: `127.0.0.1:${String(proxyPort)}`,
      localPort: uacPort,
      transport,
      calls: CALLS,
      rate: 20,
      callDurationMs: 200,
      recvTimeoutMs: 5000,
      timeoutSec: 30,
    });
    assert.equal(uac.exitCode, 0, describeSipp(uac));
    assert.equal(uac.stats?.successfulCalls, CALLS, describeSipp(uac));
    assert.equal(uac.stats.failedCalls, 0);
    const uasResult = await uas.done;
    assert.equal(uasResult.exitCode, 0, describeSipp(uasResult));
    assert.equal(uasResult.stats?.successfulCalls, CALLS, describeSipp(uasResult));
    assert.deepEqual(proxy.errors, []);
    const st = proxy.core.stats;
    assert.equal(st.transactions, 2 * CALLS, 'one INVITE and one BYE transaction per call');
    assert.equal(st.statelessRequests, CALLS, 'the ACKs for 2xx went statelessly');
    assert.equal(st.replies2xx, 2 * CALLS);
  } finally {
    await uas.stop();
    await proxy.stop();
  }
}

describe('proxy core with SIPp (uac -> proxy -> uas)', { skip: skip ?? false, timeout: 120_000, concurrency: true }, () => {
  it('completes every call over UDP', async () => {
    await callThroughProxy('u1');
  });

  it('completes every call over TCP (-t t1)', async () => {
    await callThroughProxy('t1');
  });
});
