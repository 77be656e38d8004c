import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { parseMessage, TcpTransport, TransportError, type DestInfo, type ReceiveInfo, type TransportSink } from '../../../../src/sip/index.js';

class Inbox implements TransportSink {
  readonly got: { data: string; info: ReceiveInfo }[] = [];
  #waiters: (() => void)[] = [];

  receive(data: Buffer, info: ReceiveInfo): void {
    this.got.push({ data: data.toString(), info });
    for (const w of this.#waiters.splice(0)) w();
  }

  async next(count: number): Promise<void> {
    while (this.got.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}

function msg(n: number, body = ''): string {
  return `MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP x;branch=z9hG4bK${String(n)}\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\nCall-ID: c${String(n)}\r\nCSeq: ${String(n)} MESSAGE\r\nContent-Length: ${String(body.length)}\r\n\r\n${body}`;
}

/** A raw TCP client that collects what it receives. */
async function client(port: number): Promise<{ socket: net.Socket; data: () => string; closed: Promise<void> }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let data = '';
  socket.on('data', (d: Buffer) => {
    data += d.toString();
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => { resolve(); }));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => { resolve(); }));
  return { socket, data: () => data, closed };
}

async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function started(options: ConstructorParameters<typeof TcpTransport>[1] = {}): Promise<{ t: TcpTransport; inbox: Inbox }> {
  const t = new TcpTransport({ proto: 'tcp', address: '127.0.0.1', port: 0 }, options);
  const inbox = new Inbox();
  await t.start(inbox);
  return { t, inbox };
}

describe('TcpTransport', () => {
  it('frames messages split and coalesced on an inbound connection and replies over it', async () => {
    const { t, inbox } = await started();
    try {
      const c = await client(t.listener.port);
      const all = msg(1, 'hello') + msg(2) + '\r\n\r\n' + msg(3, 'x');
      c.socket.write(all.slice(0, 17));
      await new Promise((r) => setTimeout(r, 20));
      c.socket.write(all.slice(17, 200));
      c.socket.write(all.slice(200));
      await inbox.next(3);
      assert.deepEqual(inbox.got.map((g) => parseMessage(Buffer.from(g.data), { stream: true }).callId), ['c1', 'c2', 'c3']);
      const info = inbox.got[0]?.info;
      assert.ok(info?.connectionId !== undefined);
      assert.equal(info.proto, 'tcp');
      assert.equal(inbox.got[2]?.info.connectionId, info.connectionId, 'one connection');
      assert.equal(t.connectionCount, 1);
      // A reply by connection id, and a request to the peer's address: both over the same connection.
      t.send({ proto: 'tcp', to: info.src, connectionId: info.connectionId }, Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'));
      t.send({ proto: 'tcp', to: info.src }, Buffer.from(msg(9)));
      await until(() => c.data().includes('CSeq: 9 MESSAGE'));
      assert.match(c.data(), /^SIP\/2\.0 200 OK/);
      assert.equal(t.connectionCount, 1, 'no new connection was opened');
      c.socket.destroy();
    } finally {
      await t.close();
    }
  });

  it('opens one outbound connection and reuses it both ways', async () => {
    const a = await started();
    const b = await started();
    try {
      const toB: DestInfo = { proto: 'tcp', to: { address: '127.0.0.1', port: b.t.listener.port, family: 'IPv4' } };
      a.t.send(toB, Buffer.from(msg(1)));
      a.t.send(toB, Buffer.from(msg(2)));
      await b.inbox.next(2);
      assert.equal(b.inbox.got[0]?.info.connectionId, b.inbox.got[1]?.info.connectionId);
      assert.equal(a.t.connectionCount, 1);
      assert.equal(a.t.stats.connected, 1);
      const back = b.inbox.got[0]?.info;
      assert.ok(back !== undefined);
      b.t.send({ proto: 'tcp', to: back.src, ...(back.connectionId === undefined ? {} : { connectionId: back.connectionId }) }, Buffer.from(msg(3)));
      await a.inbox.next(1);
      assert.equal(b.t.connectionCount, 1);
      assert.equal(b.t.stats.connected, 0, 'b answered over the connection a opened');
    } finally {
      await a.t.close();
      await b.t.close();
    }
  });

  it('answers 400 and closes when framing fails (no Content-Length on a stream)', async () => {
    const { t, inbox } = await started();
    try {
      const c = await client(t.listener.port);
      c.socket.write(msg(1) + 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK7\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\nCall-ID: bad\r\nCSeq: 7 OPTIONS\r\n\r\n');
      await c.closed;
      assert.equal(inbox.got.length, 1, 'the message before the break was delivered');
      assert.match(c.data(), /^SIP\/2\.0 400 Missing Content-Length\r\n/);
      assert.match(c.data(), /Call-ID: bad/);
      assert.equal(t.stats.framingErrors, 1);
      await until(() => t.connectionCount === 0);
    } finally {
      await t.close();
    }
  });

  it('closes connections idle longer than the lifetime', async () => {
    const { t } = await started({ connectionLifetimeMs: 150, sweepIntervalMs: 20 });
    try {
      const c = await client(t.listener.port);
      await until(() => t.connectionCount === 1);
      await c.closed;
      assert.equal(t.stats.expired, 1);
      assert.equal(t.connectionCount, 0);
    } finally {
      await t.close();
    }
  });

  it('refuses connections beyond the limit and reports a refused connect to the sender', async () => {
    const { t } = await started({ maxConnections: 1 });
    try {
      const c1 = await client(t.listener.port);
      await until(() => t.connectionCount === 1);
      const c2 = await client(t.listener.port);
      await c2.closed;
      assert.equal(t.stats.rejected, 1);
      const errors: Error[] = [];
      t.send({ proto: 'tcp', to: { address: '127.0.0.1', port: 1, family: 'IPv4' } }, Buffer.from(msg(1)), { onSendError: (e) => errors.push(e) });
      await until(() => errors.length === 1);
      assert.ok(errors[0] instanceof TransportError);
      assert.equal(errors[0].failure, 'connection-limit');
      c1.socket.destroy();
      await until(() => t.connectionCount === 0);
      t.send({ proto: 'tcp', to: { address: '127.0.0.1', port: 1, family: 'IPv4' } }, Buffer.from(msg(1)), { onSendError: (e) => errors.push(e) });
      await until(() => errors.length === 2);
      assert.equal((errors[1] as NodeJS.ErrnoException).code, 'ECONNREFUSED');
    } finally {
      await t.close();
    }
  });
});
