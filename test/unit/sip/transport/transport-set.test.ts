import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoopbackNetwork, LoopbackTransport, TransportError, TransportSet, type TransportSink } from '../../../../src/sip/index.js';

const sink: TransportSink = { receive: () => undefined };

describe('TransportSet', () => {
  it('selects a socket by listener id, else by protocol and family, and knows its own addresses', async () => {
    const net = new LoopbackNetwork();
    const u1 = new LoopbackTransport(net, { proto: 'udp', address: '10.0.0.1', port: 5060 });
    const u2 = new LoopbackTransport(net, { proto: 'udp', address: '10.0.0.1', port: 5070, advertise: { address: '203.0.113.1', port: 5060 } });
    const t1 = new LoopbackTransport(net, { proto: 'tcp', address: '10.0.0.1', port: 5060 });
    const set = new TransportSet([u1, u2, t1]);
    await set.start(sink);
    assert.equal(set.select('udp', 'IPv4'), u1);
    assert.equal(set.select('udp', 'IPv4', u2.id), u2);
    assert.equal(set.select('udp', 'IPv4', t1.id), u1, 'a listener of another protocol is not used');
    assert.equal(set.select('tcp', 'IPv4'), t1);
    assert.equal(set.select('udp', 'IPv6'), undefined);
    assert.ok(set.isLocal('10.0.0.1', 5070));
    assert.ok(set.isLocal('203.0.113.1', null));
    assert.ok(set.isLocal('10.0.0.1', null));
    assert.ok(!set.isLocal('10.0.0.2', 5060));
    const errors: Error[] = [];
    set.send({ proto: 'tls', to: { address: '10.0.0.9', port: 5061, family: 'IPv4' } }, Buffer.from('x'), { onSendError: (e) => errors.push(e) });
    await new Promise((r) => setImmediate(r));
    assert.ok(errors[0] instanceof TransportError);
    assert.equal(errors[0].failure, 'no-transport');
    await set.close();
  });
});
