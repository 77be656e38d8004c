import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { decodePacket, encodeFault, encodeReply, parseRequest } from '../../../src/rpc/binrpc/codec.js';
import { BinrpcStreamDecoder } from '../../../src/rpc/binrpc/stream-decoder.js';
import { createRpcClient } from '../../../src/rpc/client.js';
import { RpcFaultError } from '../../../src/rpc/rpc-fault.js';
import { RpcDouble } from '../../../src/rpc/rpc-value.js';

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

describe('RPC clients against in-process fake servers', () => {
  let dir: string;
  let server: net.Server;
  let socketPath: string;
  const seen: unknown[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-client-test-'));
    socketPath = path.join(dir, 'ctl.sock');
    // A fake ctl: echoes params as a reply, faults on "fail", answers garbage to "garbage",
    // never answers "silent"; replies to pipelined requests out of order to test cookies.
    server = net.createServer((socket) => {
      const decoder = new BinrpcStreamDecoder();
      socket.on('data', (chunk: Buffer) => {
        for (const packet of decoder.push(chunk)) {
          const { cookie, method, params } = parseRequest(packet);
          seen.push(params);
          if (method === 'fail') socket.write(encodeFault(cookie, 500, 'Invalid parameters'));
          else if (method === 'garbage') socket.write(Buffer.from('HTTP/1.1 400 Bad\r\n\r\n'));
          else if (method === 'silent') continue;
          else socket.write(encodeReply(cookie, params));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('BINRPC stream: values, doubles, lists, faults, overlapping calls', async () => {
    const client = createRpcClient(`unix:${socketPath}`, { timeoutMs: 2000 });
    try {
      assert.equal(await client.call('core.echo', ['x']), 'x');
      assert.deepEqual(await client.call('core.echo', []), {});
      assert.deepEqual(await client.call('core.echo', ['a', 1]), ['a', 1]);
      assert.deepEqual(await client.call('core.echo', ['one'], { returns: 'list' }), ['one']);
      assert.equal(await client.call('core.echo', [new RpcDouble(1)]), 1);
      assert.deepEqual(seen.at(-1), [{ type: 'double', value: 1 }]);
      const many = await Promise.all([1, 2, 3, 4, 5].map((n) => client.call('core.echo', [n])));
      assert.deepEqual(many, [1, 2, 3, 4, 5]);
      await assert.rejects(client.call('fail', []), (e: unknown) => e instanceof RpcFaultError && e.faultCode === 500 && e.message.includes('500 Invalid parameters'));
      await assert.rejects(client.call('silent', [], { timeoutMs: 100 }), isCode('E_RPC_TIMEOUT'));
      assert.equal(await client.call('core.echo', ['after timeout']), 'after timeout');
      await assert.rejects(client.call('garbage', []), isCode('E_RPC_PROTOCOL'));
      // The connection was dropped; the next call reconnects.
      assert.equal(await client.call('core.echo', ['again']), 'again');
    } finally {
      await client.close();
    }
    await assert.rejects(client.call('core.echo', []), isCode('E_RPC_CONNECT'));
  });

  it('E_RPC_CONNECT when nothing listens', async () => {
    for (const url of [`unix:${path.join(dir, 'none.sock')}`, `unixd:${path.join(dir, 'none.dgram')}`, `fifo:${path.join(dir, 'none.fifo')}`, `jsonunixd:${path.join(dir, 'none.sock')}`]) {
      const client = createRpcClient(url, { timeoutMs: 2000, replyDir: dir });
      try {
        await assert.rejects(client.call('core.version', []), isCode('E_RPC_CONNECT'), url);
      } finally {
        await client.close();
      }
    }
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 1); });
      });
    });
    for (const url of [`tcp:127.0.0.1:${port}`, `http://127.0.0.1:${port}/RPC`]) {
      const client = createRpcClient(url, { timeoutMs: 2000 });
      await assert.rejects(client.call('core.version', []), isCode('E_RPC_CONNECT'), url);
      await client.close();
    }
    assert.deepEqual(fs.readdirSync(dir).filter((name) => name.startsWith('sipctl')), [], 'reply sockets and FIFOs are removed');
  });

  it('BINRPC over UDP matches replies by cookie and times out on silence', async () => {
    const udp = dgram.createSocket('udp4');
    udp.on('message', (msg, rinfo) => {
      const { cookie, method, params } = parseRequest(decodePacket(msg));
      if (method !== 'silent') udp.send(encodeReply(cookie, params), rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const client = createRpcClient(`udp:127.0.0.1:${udp.address().port}`, { timeoutMs: 2000 });
    try {
      assert.equal(await client.call('core.echo', ['u']), 'u');
      await assert.rejects(client.call('silent', [], { timeoutMs: 100 }), isCode('E_RPC_TIMEOUT'));
    } finally {
      await client.close();
      udp.close();
    }
  });

  it('JSON-RPC over HTTP: result, fault with its HTTP status, and a non-JSON answer', async () => {
    const http = await import('node:http');
    const web = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method: string; id: number; params?: unknown[] };
        if (body.method === 'fail') {
          res.writeHead(500, 'AOR not found in location table', { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: 500, message: 'AOR not found in location table' }, id: body.id }));
        } else if (body.method === 'html') {
          res.end('<html>wrong URL</html>');
        } else {
          res.end(JSON.stringify({ jsonrpc: '2.0', result: body.params ?? {}, id: body.id }));
        }
      });
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const address = web.address();
    assert.ok(typeof address === 'object' && address !== null);
    const client = createRpcClient(`http://127.0.0.1:${address.port}/RPC`, { timeoutMs: 2000 });
    try {
      assert.deepEqual(await client.call('core.echo', ['a', new RpcDouble(0.5)]), ['a', 0.5]);
      await assert.rejects(client.call('fail', []), (e: unknown) => e instanceof RpcFaultError && e.faultCode === 500);
      await assert.rejects(client.call('html', []), isCode('E_RPC_PROTOCOL'));
    } finally {
      await client.close();
      web.close();
    }
  });
});
