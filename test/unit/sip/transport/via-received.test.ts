import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addReceivedParams,
  parseMessage,
  parseVia,
  viaWithReceived,
  type ReceiveInfo,
  type SipRequest,
} from '../../../../src/sip/index.js';

function udpInfo(address: string, port: number): ReceiveInfo {
  return { proto: 'udp', src: { address, port, family: address.includes(':') ? 'IPv6' : 'IPv4' }, dst: { address: '192.0.2.1', port: 5060, family: 'IPv4' }, listenerId: 'udp:192.0.2.1:5060' };
}


function request(via: string): SipRequest {
  const m = parseMessage(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nVia: ${via}\r\nVia: SIP/2.0/UDP second.example.com\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`));
  assert.equal(m.kind, 'request');
  return m;
}

describe('RFC 3581 received and rport', () => {
  it('adds received when the sent-by host is not the source address', () => {
    const via = parseVia('SIP/2.0/UDP pc33.example.com:5066;branch=z9hG4bK1');
    assert.equal(viaWithReceived(via, udpInfo('192.0.2.9', 41000)), 'SIP/2.0/UDP pc33.example.com:5066;branch=z9hG4bK1;received=192.0.2.9');
  });

  it('fills an empty rport with the source port (and adds received, as Kamailio does)', () => {
    const via = parseVia('SIP/2.0/UDP 192.0.2.9:5060;rport;branch=z9hG4bK1');
    assert.equal(viaWithReceived(via, udpInfo('192.0.2.9', 41000)), 'SIP/2.0/UDP 192.0.2.9:5060;rport=41000;branch=z9hG4bK1;received=192.0.2.9');
  });

  it('adds rport when forced and changes nothing when sent-by is the source and nothing is asked', () => {
    const via = parseVia('SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK1');
    assert.equal(viaWithReceived(via, udpInfo('192.0.2.9', 5060)), null);
    assert.equal(viaWithReceived(via, udpInfo('192.0.2.9', 41000), true), 'SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK1;rport=41000');
  });

  it('always records rport for requests that came over a stream', () => {
    const via = parseVia('SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bK1');
    const info: ReceiveInfo = { ...udpInfo('192.0.2.9', 41000), proto: 'tcp', connectionId: 'c1' };
    assert.equal(viaWithReceived(via, info), 'SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bK1;rport=41000');
  });

  it('rewrites the top via-parm of a request in place and only once', () => {
    const req = request('SIP/2.0/UDP host.invalid;branch=z9hG4bK1;rport, SIP/2.0/UDP other');
    assert.equal(addReceivedParams(req, udpInfo('198.51.100.2', 6000)), true);
    assert.equal(req.vias.length, 3);
    assert.equal(req.vias[0]?.received, '198.51.100.2');
    assert.equal(req.vias[0].rport, 6000);
    assert.equal(req.vias[1]?.host, 'other');
    assert.equal(addReceivedParams(req, udpInfo('198.51.100.2', 6000)), false, 'already there');
  });
});
