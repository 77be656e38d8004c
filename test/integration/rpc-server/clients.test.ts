/**
 * Our own RPC clients (src/rpc/client.ts) against our servers on every transport: results,
 * faults, and many clients at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRpcClient } from '../../../src/rpc/client.js';
import { RpcFaultError } from '../../../src/rpc/rpc-fault.js';
import { isRpcStruct } from '../../../src/rpc/rpc-value.js';
import { capturedResult } from './capture-methods.js';
import { startServers, type RunningServers } from './harness.js';

const TRANSPORTS = ['unix', 'tcp', 'udp', 'unixd', 'fifo', 'jsonunixd', 'http'] as const;

describe('our clients against our servers', () => {
  let servers: RunningServers | undefined;

  before(async () => {
    servers = await startServers({ handlerTimeoutMs: 300 });
  });

  after(async () => {
    await servers?.stop();
  });

  for (const transport of TRANSPORTS) {
    describe(transport, () => {
      it('core.uptime, core.version and core.psx have the captured shapes', async () => {
        assert.ok(servers);
        const client = createRpcClient(servers.urls[transport], { timeoutMs: 3000 });
        try {
          const uptime = await client.call('core.uptime', []);
          assert.ok(isRpcStruct(uptime));
          assert.deepEqual(Object.keys(uptime), ['now', 'up_since', 'uptime']);
          assert.equal(typeof uptime.uptime, 'number');
          assert.equal(await client.call('core.version', []), capturedResult('core.version'));
          assert.deepEqual(await client.call('core.psx', [], { returns: 'list' }), capturedResult('core.psx'));
          assert.deepEqual(await client.call('system.methodHelp', ['core.uptime']), 'Returns uptime of SIP server.');
          assert.deepEqual(await client.call('stats.get_statistics', ['no_such_stat'], { returns: 'list' }), []);
        } finally {
          await client.close();
        }
      });

      it('faults come back with their code and text; a throwing handler is a 500, and the server goes on', async () => {
        assert.ok(servers);
        const client = createRpcClient(servers.urls[transport], { timeoutMs: 3000 });
        const binrpc = ['unix', 'tcp', 'udp', 'unixd'].includes(transport);
        try {
          await assert.rejects(client.call('no.such.method', []), (error: unknown) => {
            assert.ok(error instanceof RpcFaultError);
            assert.equal(error.faultCode, 500);
            assert.equal(error.faultMessage, binrpc ? 'command no.such.method not found' : 'Method Not Found');
            return true;
          });
          await assert.rejects(client.call('ul.lookup', ['location', 'nobody']), /500 AOR not found in location table/);
          await assert.rejects(client.call('test.boom', []), /500 Internal server error/);
          await assert.rejects(client.call('test.slow', [2000]), /500 Internal server error: test\.slow timed out/);
          const uptime = await client.call('core.uptime', []);
          assert.ok(isRpcStruct(uptime));
          assert.deepEqual(Object.keys(uptime), ['now', 'up_since', 'uptime']);
        } finally {
          await client.close();
        }
      });
    });
  }

  it('serves many clients at once on every transport', async () => {
    assert.ok(servers);
    const running = servers;
    const before = running.set.dispatcher.stats.calls;
    // A unix datagram socket queues at most net.unix.max_dgram_qlen (10 by default) datagrams;
    // a bigger burst fails at the sender with EAGAIN, against Kamailio too.
    const perTransport = (transport: string): number => (transport === 'unixd' || transport === 'jsonunixd' ? 8 : 25);
    const calls = TRANSPORTS.flatMap((transport) =>
      Array.from({ length: perTransport(transport) }, async (_unused, index) => {
        const client = createRpcClient(running.urls[transport], { timeoutMs: 5000 });
        try {
          const result = await client.call('core.echo', [`${transport}-${index}`], { returns: 'list' });
          assert.deepEqual(result, [`${transport}-${index}`]);
        } finally {
          await client.close();
        }
      }),
    );
    await Promise.all(calls);
    assert.equal(running.set.dispatcher.stats.calls - before, TRANSPORTS.reduce((sum, transport) => sum + perTransport(transport), 0));
    assert.ok(running.logged.some((line) => line.level === 'error' && line.message === 'RPC handler failed'));
    assert.ok(running.logged.every((line) => !JSON.stringify(line.details).includes('nobody')), 'parameters never reach the log');
  });
});
