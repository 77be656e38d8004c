import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseVia,
  responseDestination,
  viaTarget,
  type ReceiveInfo,
} from '../../../../src/sip/index.js';

function udpInfo(address: string, port: number): ReceiveInfo {
  return { proto: 'udp', src: { address, port, family: address.includes(':') ? 'IPv6' : 'IPv4' }, dst: { address: '192.0.2.1', port: 5060, family: 'IPv4' }, listenerId: 'udp:192.0.2.1:5060' };
}


describe('response destinations (RFC 3261 §18.2.2)', () => {
  it('over UDP: source address, sent-by port unless rport was asked', () => {
    const info = udpInfo('192.0.2.9', 41000);
    assert.deepEqual(responseDestination(parseVia('SIP/2.0/UDP a.example.com:5070;branch=z9hG4bK1'), info).to, { address: '192.0.2.9', port: 5070, family: 'IPv4' });
    assert.deepEqual(responseDestination(parseVia('SIP/2.0/UDP a.example.com;branch=z9hG4bK1'), info).to.port, 5060);
    assert.deepEqual(responseDestination(parseVia('SIP/2.0/UDP a.example.com:5070;rport;branch=z9hG4bK1'), info).to.port, 41000);
    assert.deepEqual(responseDestination(parseVia('SIP/2.0/UDP a.example.com:5070;branch=z9hG4bK1'), info, true).to.port, 41000);
  });

  it('over TCP: the same connection, with the sent-by port to reconnect to', () => {
    const info: ReceiveInfo = { ...udpInfo('192.0.2.9', 41000), proto: 'tcp', connectionId: 'tcp:1#4' };
    const d = responseDestination(parseVia('SIP/2.0/TCP a.example.com:5070;branch=z9hG4bK1'), info);
    assert.equal(d.connectionId, 'tcp:1#4');
    assert.equal(d.proto, 'tcp');
    assert.deepEqual(d.to, { address: '192.0.2.9', port: 5070, family: 'IPv4' });
  });

  it('from a Via (stateless forwarding): received, rport, sent-by, default port', () => {
    assert.deepEqual(viaTarget(parseVia('SIP/2.0/UDP h.example.com:5070;received=192.0.2.1;rport=1234')), { proto: 'udp', host: '192.0.2.1', port: 1234 });
    assert.deepEqual(viaTarget(parseVia('SIP/2.0/TLS h.example.com')), { proto: 'tls', host: 'h.example.com', port: 5061 });
    assert.deepEqual(viaTarget(parseVia('SIP/2.0/UDP [2001:db8::1]:5080')), { proto: 'udp', host: '2001:db8::1', port: 5080 });
    assert.equal(viaTarget(parseVia('SIP/2.0/SCTP h.example.com')), null);
  });
});
