import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { describe, it } from 'node:test';
import { TransportError, UdpTransport, type DestInfo, type ReceiveInfo, type TransportSink } from '../../../../src/sip/index.js';

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

const MSG = 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP x;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n';

async function ipv6Available(): Promise<boolean> {
  const s = dgram.createSocket('udp6');
  return new Promise<boolean>((resolve) => {
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(0, '::1', () => {
      s.close();
      resolve(true);
    });
  });
}

describe('UdpTransport', () => {
  it('binds port 0, delivers datagrams with their ReceiveInfo and sends from its socket (IPv4)', async () => {
    const a = new UdpTransport({ proto: 'udp', address: '127.0.0.1', port: 0 }, { recvBufferSize: 1 << 20 });
    const b = new UdpTransport({ proto: 'udp', address: '127.0.0.1', port: 0 });
    const inA = new Inbox();
    const inB = new Inbox();
    await a.start(inA);
    await b.start(inB);
    try {
      assert.notEqual(a.listener.port, 0);
      assert.equal(a.id, `udp:127.0.0.1:${String(a.listener.port)}`);
      const toB: DestInfo = { proto: 'udp', to: { address: '127.0.0.1', port: b.listener.port, family: 'IPv4' } };
      a.send(toB, Buffer.from(MSG));
      await inB.next(1);
      const first = inB.got[0];
      assert.equal(first?.data, MSG);
      assert.deepEqual(first.info.src, { address: '127.0.0.1', port: a.listener.port, family: 'IPv4' });
      assert.deepEqual(first.info.dst, { address: '127.0.0.1', port: b.listener.port, family: 'IPv4' });
      assert.equal(first.info.listenerId, b.id);
      assert.equal(first.info.proto, 'udp');
      // Keep-alives and noise are dropped.
      a.send(toB, Buffer.from('\r\n\r\n'));
      a.send(toB, Buffer.from(MSG));
      await inB.next(2);
      assert.equal(b.stats.dropped, 1);
      assert.equal(b.stats.received, 2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('works over IPv6', async (t) => {
    if (!(await ipv6Available())) {
      t.skip('no IPv6 loopback here');
      return;
    }
    const a = new UdpTransport({ proto: 'udp', address: '::1', port: 0 });
    const b = new UdpTransport({ proto: 'udp', address: '::1', port: 0 });
    const inB = new Inbox();
    await a.start(new Inbox());
    await b.start(inB);
    try {
      assert.equal(a.listener.sentBy, `[::1]:${String(a.listener.port)}`);
      a.send({ proto: 'udp', to: { address: '::1', port: b.listener.port, family: 'IPv6' } }, Buffer.from(MSG));
      await inB.next(1);
      assert.equal(inB.got[0]?.info.src.family, 'IPv6');
      assert.equal(inB.got[0].info.src.address, '::1');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('reports sends it cannot make, asynchronously', async () => {
    const a = new UdpTransport({ proto: 'udp', address: '127.0.0.1', port: 0 });
    const errors: Error[] = [];
    const sink = { onSendError: (err: Error) => errors.push(err) };
    const dest: DestInfo = { proto: 'udp', to: { address: '::1', port: 5060, family: 'IPv6' } };
    a.send(dest, Buffer.from(MSG), sink);
    assert.equal(errors.length, 0, 'never from inside send');
    await new Promise((r) => setImmediate(r));
    assert.ok(errors[0] instanceof TransportError);
    assert.equal(errors[0].failure, 'not-started');
    await a.start(new Inbox());
    try {
      a.send(dest, Buffer.from(MSG), sink);
      await new Promise((r) => setImmediate(r));
      assert.equal((errors[1] as TransportError | undefined)?.failure, 'wrong-family');
    } finally {
      await a.close();
      await a.close();
    }
  });
});
