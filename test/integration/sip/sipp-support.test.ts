/** The SIPp helpers themselves: statistics parsing, exit codes, command lines, and one real run. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSipp, freePorts, parseSippStats, runSipp, sippArgs, sippExitMeaning, sippSkipReason, startSipp, waitForPort } from '../../support/sipp.js';

const CSV = [
  'StartTime;LastResetTime;CurrentTime;TotalCallCreated;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);FailedMaxUDPRetrans(C);FailedUnexpectedMessage(C);Retransmissions(C);OutgoingCall(C);',
  '2026-01-01\t10:00:00.0\t1;x;y;3;0;1;3;0;0;0;0;0;3;',
  '2026-01-01\t10:00:05.0\t1;x;y;5;1;2;4;1;1;0;1;7;5;',
].join('\n');

describe('SIPp support', () => {
  it('reads the last row of the -trace_stat CSV', () => {
    const s = parseSippStats(CSV);
    assert.ok(s !== null);
    assert.equal(s.successfulCalls, 4);
    assert.equal(s.failedCalls, 1);
    assert.equal(s.retransmissions, 7);
    assert.equal(s.totalCallsCreated, 5);
    assert.equal(s.outgoingCalls, 5);
    assert.deepEqual(s.failures, { FailedUnexpectedMessage: 1 });
    assert.equal(parseSippStats('only a header;'), null);
  });

  it('explains exit codes and builds bounded command lines', () => {
    assert.equal(sippExitMeaning(0), 'all calls were successful');
    assert.equal(sippExitMeaning(1), 'at least one call failed');
    assert.equal(sippExitMeaning(254), 'fatal error binding a socket');
    const args = sippArgs({ scenario: 'uac', remote: '127.0.0.1:5060', localPort: 5090, calls: 3, rate: 10, transport: 't1' }, '/tmp/x');
    assert.deepEqual(args.slice(0, 12), ['127.0.0.1:5060', '-sn', 'uac', '-i', '127.0.0.1', '-p', '5090', '-t', 't1', '-m', '3', '-r']);
    assert.ok(args.includes('-timeout') && args.includes('-nostdin') && args.includes('-trace_stat'));
    assert.deepEqual(sippArgs({ scenario: '/x/s4_uac.xml', localPort: 1, calls: 1 }, '/tmp/x').slice(0, 2), ['-sf', '/x/s4_uac.xml']);
  });

  it('runs SIPp uac against SIPp uas and reports exit code 0 with statistics', { skip: sippSkipReason() ?? false, timeout: 60_000 }, async () => {
    const [uasPort, uacPort] = await freePorts(2);
    assert.ok(uasPort !== undefined && uacPort !== undefined);
    const uas = startSipp({ scenario: 'uas', localPort: uasPort, calls: 2, timeoutSec: 20 });
    try {
      await waitForPort('udp', uasPort);
      const uac = await runSipp({ scenario: 'uac', remote: `127.0.0.1:${String(uasPort)}`, localPort: uacPort, calls: 2, rate: 10, callDurationMs: 10, timeoutSec: 20 });
      assert.equal(uac.exitCode, 0, describeSipp(uac));
      assert.equal(uac.stats?.successfulCalls, 2);
      assert.equal(uac.meaning, 'all calls were successful');
    } finally {
      await uas.stop();
    }
  });
});
