/**
 * Hostile input on every control socket — unix stream, TCP, UDP, unix datagram (BINRPC), FIFO,
 * unix datagram and HTTP (JSON-RPC): garbage, truncated, huge and slow-drip requests. Each gets
 * a fault where the protocol has one, is dropped otherwise, never crashes the process (the
 * servers run in this process), and afterwards every transport still answers a normal call.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodePacket, encodeRequest, parseFault } from '../../../src/rpc/binrpc/codec.js';
import { createRpcClient } from '../../../src/rpc/client.js';
import { isRpcStruct } from '../../../src/rpc/rpc-value.js';
import { sendUnboundUnixDgram, streamExchange, udpProbe, unixDgramProbe, writeFifo, type DatagramProbe, type StreamTarget } from '../../support/raw-sockets.js';
import { startServers, type RunningServers } from './harness.js';

const LIMITS = { maxRequestBytes: 4096, requestTimeoutMs: 300, idleTimeoutMs: 3000 };

function faultOf(bytes: Buffer): { code: number; message: string; cookie: number } {
  const packet = decodePacket(bytes);
  assert.equal(packet.header.type, 'fault');
  return { ...parseFault(packet), cookie: packet.header.cookie };
}

/** A header announcing `bodyLength` bytes with cookie 0x42 (a request), without the body. */
function header(bodyLength: number): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bodyLength);
  return Buffer.concat([Buffer.from([0xa1, 0x0c]), length, Buffer.from([0x42])]);
}

const GARBAGE = Buffer.from('\xb1GET / HTTP/1.0\r\n\r\n', 'latin1');
const UPTIME = encodeRequest(7, 'core.uptime', []);

describe('hostile input on every control socket', () => {
  let servers: RunningServers | undefined;
  let scratch = '';

  before(async () => {
    servers = await startServers({ limits: LIMITS });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  });

  after(async () => {
    fs.rmSync(scratch, { recursive: true, force: true });
    await servers?.stop();
  });

  for (const kind of ['unix', 'tcp'] as const) {
    describe(`BINRPC over ${kind} stream`, () => {
      const target = (): StreamTarget => {
        assert.ok(servers);
        return kind === 'unix' ? { path: servers.paths.ctl } : { host: '127.0.0.1', port: servers.ports.tcp };
      };

      it('garbage: 400 "bad request: corrupted packet" with cookie 0, then the connection closes', async () => {
        const result = await streamExchange(target(), { pieces: [GARBAGE] });
        assert.ok(result.closed);
        assert.deepEqual(faultOf(result.bytes), { code: 400, message: 'bad request: corrupted packet', cookie: 0 });
      });

      it('a good request before the garbage is still answered, in order', async () => {
        const result = await streamExchange(target(), { pieces: [Buffer.concat([UPTIME, GARBAGE])] });
        assert.ok(result.closed);
        const first = decodePacket(result.bytes.subarray(0, result.bytes.length - 39));
        assert.equal(first.header.type, 'reply');
        assert.equal(faultOf(result.bytes.subarray(result.bytes.length - 39)).message, 'bad request: corrupted packet');
      });

      it('huge: a header announcing 1 MiB is refused at once with "packet too big"', async () => {
        const result = await streamExchange(target(), { pieces: [header(1024 * 1024)] });
        assert.ok(result.closed);
        assert.deepEqual(faultOf(result.bytes), { code: 400, message: 'bad request: packet too big', cookie: 0x42 });
      });

      it('corrupt records: "bad request method: …" for a body that is not a method name', async () => {
        const body = Buffer.from([0x10, 0x2a]);
        const result = await streamExchange(target(), { pieces: [Buffer.concat([header(body.length), body])] });
        assert.equal(faultOf(result.bytes).message, 'bad request method: record doesn\'t match type');
      });

      it('truncated: half a packet and then silence is dropped after the request timeout', async () => {
        const result = await streamExchange(target(), { pieces: [UPTIME.subarray(0, 9)] });
        assert.ok(result.closed);
        assert.equal(result.bytes.length, 0);
        assert.ok(result.ms >= LIMITS.requestTimeoutMs - 50 && result.ms < 1500, `closed after ${result.ms} ms`);
      });

      it('slow drip: one byte every 60 ms never completes a request in time', async () => {
        const bytes = [...UPTIME].map((byte) => Buffer.from([byte]));
        const result = await streamExchange(target(), { pieces: bytes, gapMs: 60, deadlineMs: 3000 });
        assert.ok(result.closed);
        assert.equal(result.bytes.length, 0);
        assert.ok(result.ms < 1500, `closed after ${result.ms} ms`);
      });

      it('truncated then EOF: the server just closes', async () => {
        const result = await streamExchange(target(), { pieces: [UPTIME.subarray(0, 5)], end: true });
        assert.ok(result.closed);
        assert.equal(result.bytes.length, 0);
      });
    });
  }

  describe('BINRPC over datagrams', () => {
    /** Sends one datagram from a fresh client socket and returns the first reply within a second, if any. */
    async function exchange(probe: DatagramProbe, datagram: Buffer): Promise<Buffer | undefined> {
      try {
        await probe.send(datagram);
        const [reply] = await probe.replies(1, 1000);
        return reply;
      } finally {
        await probe.close();
      }
    }
    const probes = {
      udp: (): Promise<DatagramProbe> => {
        assert.ok(servers);
        return udpProbe(servers.ports.udp);
      },
      unixd: (): Promise<DatagramProbe> => {
        assert.ok(servers);
        return unixDgramProbe(servers.paths.ctlDgram, path.join(scratch, `c${Math.random().toString(36).slice(2, 8)}`));
      },
    };

    for (const [name, probe] of Object.entries(probes)) {
      it(`${name}: garbage, truncated and oversized datagrams get 400 faults`, async () => {
        const garbage = await exchange(await probe(), GARBAGE);
        assert.ok(garbage);
        assert.equal(faultOf(garbage).message, 'bad request: corrupted packet');
        const truncated = await exchange(await probe(), UPTIME.subarray(0, UPTIME.length - 3));
        assert.ok(truncated);
        assert.equal(faultOf(truncated).message, 'bad request: end of packet encountered');
        const huge = await exchange(await probe(), Buffer.concat([header(60_000), Buffer.alloc(60_000, 0x41)]));
        assert.ok(huge);
        assert.deepEqual(faultOf(huge), { code: 400, message: 'bad request: packet too big', cookie: 0x42 });
        const empty = await exchange(await probe(), Buffer.alloc(0));
        assert.ok(empty === undefined || faultOf(empty).code === 400);
      });
    }

    it('a unix datagram from an unbound socket cannot be answered and is counted as dropped', async () => {
      assert.ok(servers);
      const listener = servers.set.listeners.find((item) => item.url.startsWith('unixd:'));
      assert.ok(listener);
      const dropped = listener.stats.dropped;
      await sendUnboundUnixDgram(servers.paths.ctlDgram, UPTIME);
      await sleep(100);
      assert.equal(listener.stats.dropped, dropped + 1);
    });
  });

  describe('JSON-RPC FIFO', () => {
    const write = (text: string | Buffer): Promise<void> => {
      assert.ok(servers);
      return writeFifo(servers.paths.fifo, typeof text === 'string' ? Buffer.from(text) : text);
    };

    it('garbage, oversized, bad JSON, bad reply names and a stalled request are dropped; the FIFO goes on', async () => {
      assert.ok(servers);
      const listener = servers.set.listeners.find((item) => item.url.startsWith('fifo:'));
      assert.ok(listener);
      const errors = listener.stats.protocolErrors;
      await write(GARBAGE);
      await write(`{"jsonrpc": "2.0", "method": "core.echo", "params": ["${'x'.repeat(6000)}"], "reply_name": "r1", "id": 1}\n`);
      await write('{"jsonrpc": "2.0", "method": ]}\n');
      await write('{"jsonrpc": "2.0", "method": "core.uptime", "reply_name": "../etc/passwd", "id": 2}\n');
      await write('{"jsonrpc": "2.0", "method": "core.uptime", "reply_name": "nosuchfifo", "id": 3}\n');
      await write('{"jsonrpc": "2.0", "method": "core.up');
      await sleep(LIMITS.requestTimeoutMs + 200);
      assert.ok(listener.stats.protocolErrors >= errors + 4, `protocol errors ${listener.stats.protocolErrors - errors}`);
      assert.ok(listener.stats.timeouts >= 1);
    });
  });

  describe('JSON-RPC over HTTP', () => {
    const http = (): StreamTarget => {
      assert.ok(servers);
      return { host: '127.0.0.1', port: servers.ports.http };
    };

    it('garbage instead of HTTP gets 400 and a close', async () => {
      const result = await streamExchange(http(), { pieces: [GARBAGE] });
      assert.match(result.bytes.toString('latin1'), /^HTTP\/1\.1 400 /);
      assert.ok(result.closed);
    });

    it('unparsable JSON gets 400 with a -32700 error; a wrong path 404; a GET 405; a huge body 413', async () => {
      assert.ok(servers);
      const url = servers.urls.http;
      const bad = await fetch(url, { method: 'POST', body: '{"jsonrpc": "2.0", "method": ' });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /"code":\t-32700/);
      assert.equal((await fetch(url.replace('/RPC', '/nope'), { method: 'POST', body: '{}' })).status, 404);
      assert.equal((await fetch(url)).status, 405);
      const huge = await streamExchange(http(), { pieces: [Buffer.from(`POST /RPC HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n{`)] });
      assert.match(huge.bytes.toString('latin1'), /^HTTP\/1\.1 413 /);
      const chunked = await fetch(url, { method: 'POST', body: 'x'.repeat(LIMITS.maxRequestBytes + 1) });
      assert.equal(chunked.status, 413);
    });

    it('a body that never completes is dropped after the request timeout', async () => {
      const result = await streamExchange(http(), { pieces: [Buffer.from('POST /RPC HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"jsonrpc"')], deadlineMs: 3000 });
      assert.ok(result.closed, 'closed by the server');
      assert.ok(result.ms < 2500, `closed after ${result.ms} ms`);
    });

    it('slow-drip headers are dropped after the request timeout', async () => {
      const text = 'POST /RPC HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n';
      const result = await streamExchange(http(), { pieces: [...Buffer.from(text)].map((byte) => Buffer.from([byte])), gapMs: 40, deadlineMs: 4000 });
      assert.ok(result.closed);
      assert.doesNotMatch(result.bytes.toString('latin1'), /^HTTP\/1\.1 200/);
    });
  });

  describe('JSON-RPC datagram socket', () => {
    it('garbage and oversized datagrams get no reply (as from jsonrpcs) and are counted', async () => {
      assert.ok(servers);
      const listener = servers.set.listeners.find((item) => item.url.startsWith('jsonunixd:'));
      assert.ok(listener);
      const errors = listener.stats.protocolErrors;
      const client = await unixDgramProbe(servers.paths.rpcSock, path.join(scratch, 'jd'));
      try {
        await client.send(GARBAGE);
        await client.send(Buffer.from(`{"jsonrpc":"2.0","method":"core.echo","params":["${'y'.repeat(8000)}"],"id":1}`));
        assert.deepEqual(await client.replies(1, 300), []);
      } finally {
        await client.close();
      }
      assert.equal(listener.stats.protocolErrors, errors + 2);
    });
  });

  it('afterwards every transport answers a normal call, and no handler error was logged', async () => {
    assert.ok(servers);
    for (const url of Object.values(servers.urls)) {
      const client = createRpcClient(url, { timeoutMs: 3000 });
      try {
        const uptime = await client.call('core.uptime', []);
        assert.ok(isRpcStruct(uptime), url);
        assert.equal(typeof uptime.uptime, 'number', url);
      } finally {
        await client.close();
      }
    }
    assert.equal(servers.set.stats().internalErrors, 0);
    assert.ok(servers.set.stats().protocolErrors > 10);
  });
});
