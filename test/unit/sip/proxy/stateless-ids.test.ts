import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cloneRequest, parseMessage, serializeMessage, statelessBranch, statelessToTag, type SipRequest } from '../../../../src/sip/index.js';

const SOCKETS = [{ address: '127.0.0.1', port: 5060 }] as const;

function req(branch: string, callId = 'c1'): SipRequest {
  const m = parseMessage(Buffer.from(`INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h:5060;branch=${branch}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`));
  if (m.kind !== 'request') throw new Error('request');
  return m;
}

describe('stateless ids (RFC 3261 §16.11)', () => {
  it('gives retransmissions the same branch and different requests or targets different ones', () => {
    const a = statelessBranch(req('z9hG4bKaaa'), 'sip:x@192.0.2.1');
    assert.match(a, /^z9hG4bKsl[0-9a-f]{16}$/);
    assert.equal(statelessBranch(req('z9hG4bKaaa'), 'sip:x@192.0.2.1'), a);
    assert.notEqual(statelessBranch(req('z9hG4bKbbb'), 'sip:x@192.0.2.1'), a);
    assert.notEqual(statelessBranch(req('z9hG4bKaaa'), 'sip:y@192.0.2.1'), a, 'a spiral gets another branch');
    assert.equal(statelessBranch(req('1234'), 'u'), statelessBranch(req('1234'), 'u'), 'RFC 2543 requests hash their fields');
    assert.notEqual(statelessBranch(req('1234', 'c1'), 'u'), statelessBranch(req('1234', 'c2'), 'u'));
  });

  it('gives retransmissions the same stateless To tag, with a per-server part before the dot', () => {
    const a = statelessToTag(req('z9hG4bKaaa'), SOCKETS);
    assert.match(a, /^[0-9a-f]{32}\.[0-9a-f]{8}$/, "the sl module's shape");
    assert.equal(statelessToTag(req('z9hG4bKaaa'), SOCKETS), a);
    const b = statelessToTag(req('z9hG4bKbbb'), SOCKETS);
    assert.notEqual(b, a);
    assert.equal(b.split('.')[0], a.split('.')[0], 'one prefix for every stateless reply of the server');
    assert.notEqual(statelessToTag(req('z9hG4bKaaa', 'c2'), SOCKETS), a, 'the Call-ID is part of it');
    const other = statelessToTag(req('z9hG4bKaaa'), [{ address: '127.0.0.1', port: 5070 }]);
    assert.notEqual(other.split('.')[0], a.split('.')[0], 'the prefix comes from the first listening socket');
    assert.equal(statelessToTag(req('z9hG4bKaaa'), [...SOCKETS, { address: '127.0.0.1', port: 5070 }]), a, 'only the first socket counts');
  });
});

describe('cloneRequest', () => {
  it('copies cheaply: the copy serializes to the same bytes, and edits stay on their side', () => {
    const orig = req('z9hG4bKaaa');
    const copy = cloneRequest(orig);
    assert.ok(serializeMessage(copy).equals(serializeMessage(orig)));
    copy.prependHeader('Via', 'SIP/2.0/UDP proxy;branch=z9hG4bKp');
    copy.setRequestUri('sip:other@example.com');
    assert.equal(orig.vias.length, 1);
    assert.equal(orig.requestUriText, 'sip:a@b');
    assert.equal(copy.vias.length, 2);
    assert.match(serializeMessage(copy).toString(), /^INVITE sip:other@example\.com SIP\/2\.0\r\nVia: SIP\/2\.0\/UDP proxy;branch=z9hG4bKp\r\n/);
  });
});
