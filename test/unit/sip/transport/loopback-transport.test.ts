import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoopbackNetwork, LoopbackTransport, TransportError, type ReceiveInfo, type TransportSink } from '../../../../src/sip/index.js';

class Inbox implements TransportSink {
  readonly got: { data: string; info: ReceiveInfo }[] = [];
  receive(data: Buffer, info: ReceiveInfo): void {
    this.got.push({ data: data.toString(), info });
  }
}

describe('LoopbackTransport', () => {
  it('delivers in order, never from inside send, with the sender as source', async () => {
    const net = new LoopbackNetwork();
    const a = new LoopbackTransport(net, { proto: 'udp', address: '10.0.0.1', port: 5060 });
    const b = new LoopbackTransport(net, { proto: 'udp', address: '10.0.0.2', port: 0 });
    const inB = new Inbox();
    await a.start(new Inbox());
    await b.start(inB);
    const to = { proto: 'udp' as const, to: { address: '10.0.0.2', port: b.listener.port, family: 'IPv4' as const } };
    a.send(to, Buffer.from('one'));
    a.send(to, Buffer.from('two'));
    assert.equal(inB.got.length, 0);
    await net.settle();
    assert.deepEqual(inB.got.map((g) => g.data), ['one', 'two']);
    assert.deepEqual(inB.got[0]?.info.src, { address: '10.0.0.1', port: 5060, family: 'IPv4' });
    assert.equal(inB.got[0].info.listenerId, b.id);
    assert.equal(b.reliable, false);
  });

  it('loses what the filter refuses; a reliable send to nobody is an error', async () => {
    const net = new LoopbackNetwork();
    const a = new LoopbackTransport(net, { proto: 'tcp', address: '10.0.0.1', port: 5060 });
    const b = new LoopbackTransport(net, { proto: 'tcp', address: '10.0.0.2', port: 5060 });
    const inB = new Inbox();
    await a.start(new Inbox());
    await b.start(inB);
    net.filter = (_from, _dest, data) => data.toString() !== 'lost';
    const to = { proto: 'tcp' as const, to: { address: '10.0.0.2', port: 5060, family: 'IPv4' as const } };
    a.send(to, Buffer.from('lost'));
    a.send(to, Buffer.from('kept'));
    const errors: Error[] = [];
    a.send({ ...to, to: { ...to.to, port: 9 } }, Buffer.from('x'), { onSendError: (e) => errors.push(e) });
    await net.settle();
    assert.deepEqual(inB.got.map((g) => g.data), ['kept']);
    assert.equal(net.lost, 2);
    assert.ok(errors[0] instanceof TransportError);
    assert.equal(errors[0].failure, 'unreachable');
    assert.equal(b.reliable, true);
    await b.close();
    assert.throws(() => {
      net.attach(a);
    }, /in use/);
  });
});
