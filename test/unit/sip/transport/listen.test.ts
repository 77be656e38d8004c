import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createListener,
  defaultPort,
  listenerId,
  recordRouteUri,
  viaValue,
} from '../../../../src/sip/index.js';

describe('listen descriptions', () => {
  it('names sockets and computes Via sent-by and Record-Route, advertise first', () => {
    const l = createListener({ proto: 'udp', address: '10.0.0.5', port: 5060, advertise: { address: '203.0.113.7', port: 5080 } });
    assert.equal(l.id, 'udp:10.0.0.5:5060');
    assert.equal(l.sentBy, '203.0.113.7:5080');
    assert.equal(viaValue(l, 'z9hG4bKx'), 'SIP/2.0/UDP 203.0.113.7:5080;branch=z9hG4bKx');
    assert.equal(recordRouteUri(l), 'sip:203.0.113.7:5080;lr');
    const t = createListener({ proto: 'tcp', address: '::1', port: 5060 });
    assert.equal(t.id, 'tcp:[::1]:5060');
    assert.equal(t.family, 'IPv6');
    assert.equal(t.sentBy, '[::1]:5060');
    assert.equal(recordRouteUri(t, ';r2=on'), 'sip:[::1]:5060;transport=tcp;lr;r2=on');
    assert.equal(listenerId('tls', '192.0.2.1', 5061), 'tls:192.0.2.1:5061');
    assert.equal(defaultPort('tls'), 5061);
    assert.throws(() => createListener({ proto: 'udp', address: 'example.com', port: 5060 }), /not an IPv4 or IPv6/);
  });
});
