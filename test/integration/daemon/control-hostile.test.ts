/**
 * Hostile input on every control socket of the real sipd process (control-all.cfg): BINRPC over
 * a unix stream, unix datagram, TCP and UDP socket, JSON-RPC over the FIFO, a unix datagram
 * socket and HTTP. Each socket gets garbage, a truncated request followed by silence and an
 * end-of-file, an oversized request, a slow drip and 50 clients at once, with the answer each
 * transport documents (BINRPC 400 faults, HTTP statuses, silence where jsonrpcs is silent).
 * Afterwards sipd still answers SIP and a normal call on every socket, and logged no crash.
 *
 * No modparam sets the request timeout, so the slow cases wait out sipd's default
 * (DEFAULT_LIMITS.requestTimeoutMs, 10 s); the sockets run at once to keep that wait single.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodePacket, encodeRequest, parseFault } from '../../../src/rpc/binrpc/codec.js';
import { createRpcClient } from '../../../src/rpc/client.js';
import { MAX_DATAGRAM_REQUEST_BYTES, MAX_FIFO_REQUEST_BYTES } from '../../../src/rpc/jsonrpc/codec.js';
import { isRpcStruct } from '../../../src/rpc/rpc-value.js';
import { DEFAULT_LIMITS } from '../../../src/rpc/server/limits.js';
import { openReplyFifo, streamExchange, udpProbe, unixDgramProbe, writeFifo, type DatagramProbe, type StreamTarget } from '../../support/raw-sockets.js';
import { DAEMON_FIXTURES, freeSipPort, options, startSipd, udpExchange, type RunningSipd } from '../../support/sipd.js';

const CONTROL_ALL = path.join(DAEMON_FIXTURES, 'control-all.cfg');
const REQUEST_TIMEOUT_MS = DEFAULT_LIMITS.requestTimeoutMs;
/** How late a timeout may fire on a busy two-core machine. */
const SLACK_MS = 3000;
const SILENCE_MS = 1000;
const DRIP_GAP_MS = 60;
/** A drip long enough to outlast the request timeout: bytes × gap > REQUEST_TIMEOUT_MS. */
const DRIP_BYTES = Math.ceil((REQUEST_TIMEOUT_MS + SLACK_MS) / DRIP_GAP_MS);
const CLIENTS = 50;

const GARBAGE = Buffer.from('\xb1GET / HTTP/1.0\r\n\r\n', 'latin1');
const UPTIME = encodeRequest(7, 'core.uptime', []);
/** A valid request of about DRIP_BYTES bytes. */
const LONG_ECHO = encodeRequest(9, 'core.echo', [{ type: 'str', value: 'x'.repeat(DRIP_BYTES) }]);

const bytesOf = (buffer: Buffer): Buffer[] => [...buffer].map((byte) => Buffer.from([byte]));

function faultOf(bytes: Buffer): { code: number; message: string; cookie: number } {
  const packet = decodePacket(bytes);
  assert.equal(packet.header.type, 'fault', `not a fault: ${bytes.toString('hex')}`);
  return { ...parseFault(packet), cookie: packet.header.cookie };
}

/** A BINRPC header announcing `bodyLength` bytes with cookie 0x42, without the body. */
function header(bodyLength: number): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bodyLength);
  return Buffer.concat([Buffer.from([0xa1, 0x0c]), length, Buffer.from([0x42])]);
}

/** Free ports, distinct from each other. */
async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let i = 0; ports.size < count && i < 20; i++) ports.add(await freeSipPort());
  assert.equal(ports.size, count, 'no distinct free ports');
  return [...ports];
}

describe('sipd control sockets under hostile input', { timeout: 60_000 }, () => {
  let server: RunningSipd | undefined;
  let scratch = '';
  let tcpPort = 0;
  let udpPort = 0;
  let httpPort = 0;
  const running = (): RunningSipd => {
    assert.ok(server, 'sipd is not running');
    return server;
  };
  const file = (name: string): string => path.join(running().dir, name);
  const ownSocket = (): string => path.join(scratch, `c${Math.random().toString(36).slice(2, 10)}`);

  before(async () => {
    [tcpPort = 0, udpPort = 0, httpPort = 0] = await distinctPorts(3);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ctl-hostile-'));
    server = await startSipd(CONTROL_ALL, [`CTL_TCP="tcp:127.0.0.1:${String(tcpPort)}"`, `CTL_UDP="udp:127.0.0.1:${String(udpPort)}"`, `RPC_HTTP="127.0.0.1:${String(httpPort)}"`]);
  });

  after(async () => {
    if (scratch !== '') fs.rmSync(scratch, { recursive: true, force: true });
    if (server !== undefined) {
      const code = await server.stop();
      assert.equal(code, 0, server.stderr());
    }
  });

  describe('every socket at once', { concurrency: true }, () => {
    for (const kind of ['unix', 'tcp'] as const) {
      describe(`BINRPC over ${kind} stream`, { concurrency: true }, () => {
        const target = (): StreamTarget => (kind === 'unix' ? { path: file('sipd_ctl') } : { host: '127.0.0.1', port: tcpPort });

        it('garbage, short or 300 KB: 400 "bad request: corrupted packet" with cookie 0, then a close', async () => {
          for (const garbage of [GARBAGE, Buffer.alloc(300_000, 0x41)]) {
            const result = await streamExchange(target(), { pieces: [garbage], deadlineMs: 3000 });
            assert.ok(result.closed);
            assert.deepEqual(faultOf(result.bytes), { code: 400, message: 'bad request: corrupted packet', cookie: 0 });
          }
        });

        it('a request without a method (binrpc-edge/empty-body): 400 "bad request method: end of packet encountered", then a close', async () => {
          const result = await streamExchange(target(), { pieces: [Buffer.from([0xa1, 0x00, 0x00, 0x66])], deadlineMs: 3000 });
          assert.deepEqual(faultOf(result.bytes), { code: 400, message: 'bad request method: end of packet encountered', cookie: 0x66 });
          assert.ok(result.closed, 'the connection stays open after a protocol error');
        });

        it('truncated, silence, end-of-file: no answer, the connection waits and then closes', async () => {
          const result = await streamExchange(target(), { pieces: [UPTIME.subarray(0, 9)], silenceMs: SILENCE_MS, end: true, deadlineMs: SILENCE_MS + SLACK_MS });
          assert.ok(result.closed);
          assert.equal(result.bytes.length, 0);
          assert.ok(result.ms >= SILENCE_MS - 50, `closed after ${String(result.ms)} ms, during the silence`);
        });

        it(`oversized: a header announcing ${String(DEFAULT_LIMITS.maxRequestBytes + 1)} bytes is refused with "packet too big"`, async () => {
          const result = await streamExchange(target(), { pieces: [Buffer.concat([header(DEFAULT_LIMITS.maxRequestBytes + 1), Buffer.alloc(1000, 0x41)])], deadlineMs: 3000 });
          assert.ok(result.closed);
          assert.deepEqual(faultOf(result.bytes), { code: 400, message: 'bad request: packet too big', cookie: 0x42 });
        });

        it('slow drip: one byte every 60 ms is dropped once the request timeout passes', async () => {
          const pieces = bytesOf(LONG_ECHO);
          const result = await streamExchange(target(), { pieces, gapMs: DRIP_GAP_MS, deadlineMs: pieces.length * DRIP_GAP_MS + SLACK_MS });
          assert.ok(result.closed, 'the server did not close the connection');
          assert.equal(result.bytes.length, 0);
          assert.ok(result.written < pieces.length, 'the whole request got through');
          assert.ok(result.ms >= REQUEST_TIMEOUT_MS - 100 && result.ms < REQUEST_TIMEOUT_MS + SLACK_MS, `closed after ${String(result.ms)} ms`);
        });

        it(`${String(CLIENTS)} clients at once, half of them garbage: each gets its reply or fault`, async () => {
          const results = await Promise.all(
            Array.from({ length: CLIENTS }, async (_, i) => {
              const result = await streamExchange(target(), { pieces: [i % 2 === 0 ? GARBAGE : UPTIME], end: true, deadlineMs: 5000 });
              return { i, result };
            }),
          );
          for (const { i, result } of results) {
            assert.ok(result.closed, `client ${String(i)}`);
            if (i % 2 === 0) assert.equal(faultOf(result.bytes).message, 'bad request: corrupted packet');
            else assert.equal(decodePacket(result.bytes).header.type, 'reply', `client ${String(i)}`);
          }
        });
      });
    }

    for (const kind of ['udp', 'unixd'] as const) {
      describe(`BINRPC over ${kind} datagrams`, { concurrency: true }, () => {
        const probe = (): Promise<DatagramProbe> => (kind === 'udp' ? udpProbe(udpPort) : unixDgramProbe(file('sipd_ctl.dgram'), ownSocket()));

        it('garbage, truncated, oversized and empty datagrams each get a 400 fault', async () => {
          const client = await probe();
          try {
            const cases: [Buffer, string][] = [
              [GARBAGE, 'bad request: corrupted packet'],
              [UPTIME.subarray(0, UPTIME.length - 3), 'bad request: end of packet encountered'],
              [Buffer.concat([header(DEFAULT_LIMITS.maxRequestBytes + 1), Buffer.alloc(60_000, 0x41)]), 'bad request: packet too big'],
              [Buffer.alloc(0), 'bad request: end of packet encountered'],
            ];
            for (const [index, [datagram, message]] of cases.entries()) {
              await client.send(datagram);
              const replies = await client.replies(index + 1, 2000);
              const reply = replies[index];
              assert.ok(reply, `no answer to case ${String(index)}`);
              const fault = faultOf(reply);
              assert.equal(fault.code, 400);
              assert.equal(fault.message, message);
            }
          } finally {
            await client.close();
          }
        });

        it('slow drip: 20 one-byte datagrams, 60 ms apart, are 20 faults', async () => {
          const client = await probe();
          try {
            for (const piece of bytesOf(LONG_ECHO).slice(0, 20)) {
              await client.send(piece);
              await sleep(DRIP_GAP_MS);
            }
            const replies = await client.replies(20, 2000);
            assert.equal(replies.length, 20);
            for (const reply of replies) assert.equal(faultOf(reply).code, 400);
          } finally {
            await client.close();
          }
        });

        it(`${String(CLIENTS)} clients at once each get their reply`, async () => {
          const clients = await Promise.all(Array.from({ length: CLIENTS }, () => probe()));
          try {
            await Promise.all(clients.map((client, i) => client.send(encodeRequest(1000 + i, 'core.uptime', []))));
            const replies = await Promise.all(clients.map((client) => client.replies(1, 3000)));
            for (const [i, [reply]] of replies.entries()) {
              assert.ok(reply, `client ${String(i)} got no reply`);
              const packet = decodePacket(reply);
              assert.equal(packet.header.type, 'reply');
              assert.equal(packet.header.cookie, 1000 + i);
            }
          } finally {
            await Promise.all(clients.map((client) => client.close()));
          }
        });
      });
    }

    describe('JSON-RPC over the unix datagram socket', { concurrency: true }, () => {
      it('garbage, truncated, oversized and dripped datagrams get no reply, as from jsonrpcs', async () => {
        const client = await unixDgramProbe(file('sipd_rpc.sock'), ownSocket());
        try {
          await client.send(GARBAGE);
          await client.send(Buffer.from('{"jsonrpc": "2.0", "method": "core.up'));
          await client.send(Buffer.from(`{"jsonrpc": "2.0", "method": "core.echo", "params": ["${'y'.repeat(MAX_DATAGRAM_REQUEST_BYTES)}"], "id": 1}`));
          // No byte of these is a JSON document by itself (a lone digit would be, and gets `result: {}`).
          for (const piece of bytesOf(Buffer.from('{"method": "core.uptime", "id": 2}')).slice(0, 20)) {
            await client.send(piece);
            await sleep(DRIP_GAP_MS);
          }
          assert.deepEqual(await client.replies(1, 500), []);
        } finally {
          await client.close();
        }
      });

      it(`${String(CLIENTS)} clients at once each get their reply`, async () => {
        const clients = await Promise.all(Array.from({ length: CLIENTS }, () => unixDgramProbe(file('sipd_rpc.sock'), ownSocket())));
        try {
          await Promise.all(clients.map((client, i) => client.send(Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'core.uptime', id: i })))));
          const replies = await Promise.all(clients.map((client) => client.replies(1, 3000)));
          for (const [i, [reply]] of replies.entries()) {
            assert.ok(reply, `client ${String(i)} got no reply`);
            const answer: unknown = JSON.parse(reply.toString('utf8'));
            assert.ok(typeof answer === 'object' && answer !== null && 'id' in answer && answer.id === i, reply.toString('utf8'));
          }
        } finally {
          await Promise.all(clients.map((client) => client.close()));
        }
      });
    });

    describe('JSON-RPC over HTTP', { concurrency: true }, () => {
      const target = (): StreamTarget => ({ host: '127.0.0.1', port: httpPort });
      const url = (pathname = '/RPC'): string => `http://127.0.0.1:${String(httpPort)}${pathname}`;

      it('garbage instead of HTTP: 400 and a close', async () => {
        const result = await streamExchange(target(), { pieces: [GARBAGE], deadlineMs: 3000 });
        assert.match(result.bytes.toString('latin1'), /^HTTP\/1\.1 400 /);
        assert.ok(result.closed);
      });

      it('unparsable JSON: 400 with -32700; a wrong path 404; a GET 405', async () => {
        const bad = await fetch(url(), { method: 'POST', body: '{"jsonrpc": "2.0", "method": ' });
        assert.equal(bad.status, 400);
        assert.match(await bad.text(), /"code":\s*-32700/);
        const wrongPath = await fetch(url('/nope'), { method: 'POST', body: '{}' });
        assert.equal(wrongPath.status, 404);
        await wrongPath.body?.cancel();
        const get = await fetch(url());
        assert.equal(get.status, 405);
        await get.body?.cancel();
      });

      it('oversized: a 10 MB body announced gets 413, 20 KB of headers 400', async () => {
        const body = await streamExchange(target(), { pieces: [Buffer.from('POST /RPC HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n{')], deadlineMs: 3000 });
        assert.match(body.bytes.toString('latin1'), /^HTTP\/1\.1 413 /);
        assert.ok(body.closed);
        const headers = await streamExchange(target(), { pieces: [Buffer.from(`POST /RPC HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`)], deadlineMs: 3000 });
        assert.match(headers.bytes.toString('latin1'), /^HTTP\/1\.1 400 /);
        assert.ok(headers.closed);
      });

      it('truncated body, silence, end-of-file: no answer, then a close', async () => {
        const pieces = [Buffer.from('POST /RPC HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"jsonrpc"')];
        const result = await streamExchange(target(), { pieces, silenceMs: SILENCE_MS, end: true, deadlineMs: SILENCE_MS + SLACK_MS });
        assert.ok(result.closed);
        assert.doesNotMatch(result.bytes.toString('latin1'), /^HTTP\/1\.1 200/);
        assert.ok(result.ms >= SILENCE_MS - 50, `closed after ${String(result.ms)} ms, during the silence`);
      });

      it('slow-drip headers are dropped once the request timeout passes', async () => {
        const text = `POST /RPC HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(DRIP_BYTES)}\r\n\r\n`;
        const pieces = bytesOf(Buffer.from(text));
        const result = await streamExchange(target(), { pieces, gapMs: DRIP_GAP_MS, deadlineMs: pieces.length * DRIP_GAP_MS + SLACK_MS });
        assert.ok(result.closed, 'the server did not close the connection');
        assert.doesNotMatch(result.bytes.toString('latin1'), /^HTTP\/1\.1 200/);
        assert.ok(result.written < pieces.length, 'the whole request got through');
        assert.ok(result.ms >= REQUEST_TIMEOUT_MS - 100 && result.ms < REQUEST_TIMEOUT_MS + SLACK_MS, `closed after ${String(result.ms)} ms`);
      });

      it(`${String(CLIENTS)} clients at once each get 200`, async () => {
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, i) => {
            const response = await fetch(url(), { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', method: 'core.uptime', id: i }) });
            assert.equal(response.status, 200);
            const reply: unknown = await response.json();
            assert.ok(typeof reply === 'object' && reply !== null && 'id' in reply && reply.id === i, JSON.stringify(reply));
          }),
        );
      });
    });

    it('JSON-RPC over the FIFO: garbage and oversized requests are dropped, 50 clients are served, a truncated then dripped request is dropped at the timeout', async () => {
      const fifo = file('sipd_rpc.fifo');
      // jsonrpcs' fifo_reply_dir is /tmp/, and reply names are bare file names.
      const name = `sipd_hostile_${String(process.pid)}_${Math.random().toString(36).slice(2, 10)}`;
      const reply = await openReplyFifo(path.join('/tmp', name));
      try {
        const request = (id: number, pad: string): string => `{"jsonrpc": "2.0", "method": "core.uptime", "reply_name": "${name}", "id": ${String(id)}, "pad": "${pad}"}`;
        await writeFifo(fifo, GARBAGE);
        await writeFifo(fifo, Buffer.from(request(1, 'z'.repeat(MAX_FIFO_REQUEST_BYTES))));
        await sleep(300);
        assert.equal(reply.text(), '', 'an oversized request was answered');

        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            const client = createRpcClient(`fifo:${fifo}`, { timeoutMs: 5000 });
            try {
              assert.ok(isRpcStruct(await client.call('core.uptime', [])));
            } finally {
              await client.close();
            }
          }),
        );

        // Truncated, end-of-file (the writer closes), silence, then the rest one byte at a time:
        // the request is older than the timeout before its last byte comes.
        const dripped = Buffer.from(request(2, 'd'.repeat(DRIP_BYTES)));
        const cut = dripped.indexOf('"pad"');
        await writeFifo(fifo, dripped.subarray(0, cut));
        await sleep(SILENCE_MS);
        const writer = await fs.promises.open(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
        try {
          for (const piece of bytesOf(dripped.subarray(cut))) {
            await writer.write(piece);
            await sleep(DRIP_GAP_MS);
          }
        } finally {
          await writer.close();
        }
        await sleep(300);
        assert.equal(reply.text(), '', 'a request dripped for longer than the request timeout was answered');
      } finally {
        await reply.close();
      }
    });
  });

  it('afterwards sipd is alive, answers OPTIONS and a normal call on every control socket, and logged no crash', async () => {
    const sipd = running();
    assert.equal(sipd.child.exitCode, null, 'sipd exited');
    assert.equal(sipd.child.signalCode, null, 'sipd was killed');
    assert.match((await udpExchange(sipd.port, options(sipd.port))) ?? '', /^SIP\/2\.0 200 OK/);
    const urls = [
      `unix:${file('sipd_ctl')}`,
      `unixd:${file('sipd_ctl.dgram')}`,
      `tcp:127.0.0.1:${String(tcpPort)}`,
      `udp:127.0.0.1:${String(udpPort)}`,
      `fifo:${file('sipd_rpc.fifo')}`,
      `jsonunixd:${file('sipd_rpc.sock')}`,
      `http://127.0.0.1:${String(httpPort)}/RPC`,
    ];
    for (const url of urls) {
      const client = createRpcClient(url, { timeoutMs: 3000, replyDir: url.startsWith('fifo:') ? '/tmp' : scratch });
      try {
        const uptime = await client.call('core.uptime', []);
        assert.ok(isRpcStruct(uptime) && typeof uptime['uptime'] === 'number', url);
      } finally {
        await client.close();
      }
    }
    assert.doesNotMatch(sipd.stderr(), /uncaught exception|unhandled rejection|internal error|^\s+at /im);
  });
});
