import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cloneRequest, parseMessage, serializeMessage, statelessBranch, statelessToTag, type SipRequest } from '../../../../src/sip/index.js';

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

  it('gives retransmissions the same stateless To tag', () => {
    assert.equal(statelessToTag(req('z9hG4bKaaa')), statelessToTag(req('z9hG4bKaaa')));
    assert.notEqual(statelessToTag(req('z9hG4bKaaa')), statelessToTag(req('z9hG4bKbbb')));
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
