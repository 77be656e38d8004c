import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { parseTimeoutSeconds, resolveCtlTarget } from '../../../src/ctl/ctl-target.js';

const rc = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe('control socket choice', () => {
  const base = { RUNDIR: '/run/sipd', RPCFIFOPATH: '/run/sipd/sipd_rpc.fifo' };

  it('CTLENGINE picks the transport; the default is the FIFO, as kamctl', () => {
    assert.deepEqual(resolveCtlTarget(rc(base), undefined), { url: 'fifo:/run/sipd/sipd_rpc.fifo', source: 'CTLENGINE' });
    assert.equal(resolveCtlTarget(rc({ ...base, CTLENGINE: 'binrpc' }), undefined).url, 'unix:/run/sipd/sipd_ctl');
    assert.equal(resolveCtlTarget(rc({ ...base, CTLENGINE: 'HTTP' }), undefined).url, 'http://127.0.0.1:5071/RPC');
    assert.throws(() => resolveCtlTarget(rc({ ...base, CTLENGINE: 'FIFO' }), undefined), (e: unknown) => e instanceof AppError && e.code === 'E_RC_VALUE');
  });

  it('the flag beats CTLURL, which beats CTLENGINE', () => {
    const withUrl = rc({ ...base, CTLURL: 'tcp:127.0.0.1:2049' });
    assert.deepEqual(resolveCtlTarget(withUrl, undefined), { url: 'tcp:127.0.0.1:2049', source: 'CTLURL' });
    assert.deepEqual(resolveCtlTarget(withUrl, 'unix:/tmp/x'), { url: 'unix:/tmp/x', source: 'flag' });
  });

  it('kamcmd mode ignores CTLENGINE and uses the BINRPC socket', () => {
    assert.equal(resolveCtlTarget(rc({ ...base, CTLENGINE: 'RPCFIFO' }), undefined, 'binrpc').url, 'unix:/run/sipd/sipd_ctl');
  });

  it('timeouts are positive seconds', () => {
    assert.equal(parseTimeoutSeconds('2', '--timeout'), 2000);
    assert.equal(parseTimeoutSeconds('0.25', '--timeout'), 250);
    for (const bad of ['0', '-1', 'x', '']) assert.throws(() => parseTimeoutSeconds(bad, '--timeout'), /positive number/);
  });
});
