import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import unixDgram from 'unix-dgram';
import { FifoRequestFramer } from '../../../../src/rpc/server/fifo-request-framer.js';
import { parseBinrpcListen, rpcServerConfigFromModparams } from '../../../../src/rpc/server/modparams.js';
import { RpcRegistry } from '../../../../src/rpc/server/registry.js';
import { RpcServerSet } from '../../../../src/rpc/server/rpc-server-set.js';

describe('FifoRequestFramer', () => {
  const request = '{"jsonrpc": "2.0", "method": "core.echo", "params": ["}{", \'}\', "a\\"}"], "reply_name": "r", "id": 1}\n';

  it('finds the document at every split point, with braces inside strings', () => {
    const bytes = Buffer.from(request + request);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const framer = new FifoRequestFramer(8190);
      const frames = [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))];
      assert.deepEqual(
        frames.map((frame) => (frame.kind === 'document' ? frame.text.toString() : frame.kind)),
        [request.trim(), request.trim()],
        `cut at ${cut}`,
      );
      assert.equal(framer.pending, false);
    }
  });

  it('skips garbage to the next document and skips an oversized one whole', () => {
    const framer = new FifoRequestFramer(40);
    const frames = framer.push(Buffer.from(`xx]]{"a": "${'z'.repeat(100)}", "b": {"c": 1}}  {"ok": 1}`));
    assert.deepEqual(
      frames.map((frame) => frame.kind),
      ['garbage', 'oversized', 'document'],
    );
    const last = frames[2];
    assert.equal(last?.kind === 'document' ? last.text.toString() : '', '{"ok": 1}');
  });

  it('reset() drops a stalled document', () => {
    const framer = new FifoRequestFramer(100);
    assert.deepEqual(framer.push(Buffer.from('{"a": {')), []);
    assert.equal(framer.pending, true);
    framer.reset();
    assert.deepEqual(
      framer.push(Buffer.from('{"b": 2}')).map((frame) => frame.kind),
      ['document'],
    );
  });
});

describe('modparams', () => {
  it('parses the ctl binrpc forms as the ctl module does', () => {
    assert.deepEqual(parseBinrpcListen('unix:/tmp/a', '/run'), { transport: 'unix-stream', path: '/tmp/a' });
    assert.deepEqual(parseBinrpcListen('unixs:ctl', '/run/sipd'), { transport: 'unix-stream', path: '/run/sipd/ctl' });
    assert.deepEqual(parseBinrpcListen('UNIXD:/tmp/d', '/run'), { transport: 'unix-dgram', path: '/tmp/d' });
    assert.deepEqual(parseBinrpcListen('tcp:localhost:2046', '/run'), { transport: 'tcp', host: 'localhost', port: 2046 });
    assert.deepEqual(parseBinrpcListen('tcp:3012', '/run'), { transport: 'tcp', host: '0.0.0.0', port: 3012 });
    assert.deepEqual(parseBinrpcListen('udp:*:3012', '/run'), { transport: 'udp', host: '0.0.0.0', port: 3012 });
    assert.deepEqual(parseBinrpcListen('tcp:[::1]:2049', '/run'), { transport: 'tcp', host: '::1', port: 2049 });
    assert.deepEqual(parseBinrpcListen('tcp:127.0.0.1', '/run'), { transport: 'tcp', host: '127.0.0.1', port: 2049 });
    assert.deepEqual(parseBinrpcListen('/tmp/unix_test', '/run'), { transport: 'unix-stream', path: '/tmp/unix_test' });
    assert.deepEqual(parseBinrpcListen('localhost:3000', '/run'), { transport: 'udp', host: 'localhost', port: 3000 });
    assert.throws(() => parseBinrpcListen('sctp:x:1', '/run'), /unknown protocol/);
  });

  it('maps ctl and jsonrpcs modparams with the modules\' defaults', () => {
    const config = rpcServerConfigFromModparams({ group: 'kamailio', mode: '0600', binrpc_buffer_size: 4096 }, {}, { runDir: '/run/sipd' });
    assert.deepEqual(config.binrpc, [{ transport: 'unix-stream', path: '/run/sipd/sipd_ctl' }]);
    assert.deepEqual(config.binrpcAccess, { mode: 0o600, group: 'kamailio' });
    assert.deepEqual(config.jsonrpc, {
      pretty: true,
      fifo: { path: '/run/sipd/sipd_rpc.fifo', access: { mode: 0o660 } },
      datagram: { address: { path: '/run/sipd/sipd_rpc.sock' }, access: { mode: 0o660 } },
    });
  });

  it('honours repeated binrpc, transport bits, udp dgram_socket, reply dir and the HTTP listener', () => {
    const config = rpcServerConfigFromModparams(
      { binrpc: ['unix:/tmp/c', 'tcp:127.0.0.1:2049'], binrpc_max_body_size: 64 },
      { transport: 7, fifo_name: '/tmp/f.fifo', fifo_reply_dir: '/var/tmp/', fifo_mode: 0o600, dgram_socket: 'udp:127.0.0.1:8090', pretty_format: 0, http_listen: '5071' },
      { runDir: '/run/sipd' },
    );
    assert.equal(config.binrpc?.length, 2);
    assert.deepEqual(config.binrpcLimits, { maxReplyBytes: 65536 });
    assert.ok(config.jsonrpc);
    assert.deepEqual(config.jsonrpc.fifo, { path: '/tmp/f.fifo', replyDir: '/var/tmp/', access: { mode: 0o600 } });
    assert.deepEqual(config.jsonrpc.datagram?.address, { host: '127.0.0.1', port: 8090 });
    assert.deepEqual(config.jsonrpc.http, { host: '127.0.0.1', port: 5071, paths: ['/RPC'] });
    assert.equal(config.jsonrpc.pretty, false);
    assert.equal(rpcServerConfigFromModparams(undefined, { transport: 2 }, { runDir: '/r' }).jsonrpc?.datagram, undefined);
  });

  it('refuses unknown parameters, bad values and the old text FIFO', () => {
    assert.throws(() => rpcServerConfigFromModparams({ nope: 1 }, undefined, { runDir: '/r' }), /not a parameter of ctl/);
    assert.throws(() => rpcServerConfigFromModparams({ mode: 'rw' }, undefined, { runDir: '/r' }), /must be an integer/);
    assert.throws(() => rpcServerConfigFromModparams({ fifo: '/tmp/ser_fifo' }, undefined, { runDir: '/r' }), /not supported/);
    assert.throws(() => rpcServerConfigFromModparams(undefined, { dgram_socket: 'udp:127.0.0.1:80' }, { runDir: '/r' }), /1024/);
    assert.throws(() => rpcServerConfigFromModparams(undefined, { transport: 1 }, { runDir: '/r' }), /http_listen/);
  });
});

describe('socket files', () => {
  it('0660 sockets in a 0700 directory, stale files replaced, live ones refused, all removed at stop', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sockfiles-'));
    const run = path.join(base, 'run');
    const config = rpcServerConfigFromModparams({ binrpc: ['unix:ctl', 'unixd:ctl.dgram'] }, { transport: 6 }, { runDir: run });
    try {
      fs.mkdirSync(run, { mode: 0o700 });
      // A stale socket file of a previous run: bound, then its owner gone without unlinking it.
      const stale = unixDgram.createSocket('unix_dgram');
      stale.bind(path.join(run, 'ctl'));
      stale.close();
      assert.ok(fs.statSync(path.join(run, 'ctl')).isSocket());
      fs.writeFileSync(path.join(run, 'placeholder'), '');
      const set = new RpcServerSet(new RpcRegistry(), config);
      await set.start();
      try {
        assert.equal(fs.statSync(run).mode & 0o777, 0o700);
        for (const name of ['ctl', 'ctl.dgram', 'sipd_rpc.fifo', 'sipd_rpc.sock']) assert.equal(fs.statSync(path.join(run, name)).mode & 0o777, 0o660, name);
        const second = new RpcServerSet(new RpcRegistry(), { binrpc: [{ transport: 'unix-stream', path: path.join(run, 'ctl') }] });
        await assert.rejects(second.start(), /in use by another running server/);
        const regular = new RpcServerSet(new RpcRegistry(), { binrpc: [{ transport: 'unix-stream', path: path.join(run, 'placeholder') }] });
        await assert.rejects(regular.start(), /neither a socket nor a FIFO/);
      } finally {
        await set.stop();
      }
      assert.deepEqual(fs.readdirSync(run), ['placeholder']);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('a failed start stops what was started and removes its files', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sockfail-'));
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    assert.ok(address !== null && typeof address !== 'string');
    try {
      const set = new RpcServerSet(new RpcRegistry(), {
        binrpc: [
          { transport: 'unix-stream', path: path.join(base, 'ctl') },
          { transport: 'tcp', host: '127.0.0.1', port: address.port },
        ],
      });
      await assert.rejects(set.start(), /EADDRINUSE/);
      assert.deepEqual(fs.readdirSync(base), []);
    } finally {
      blocker.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
