import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  errorReplyFromHeaderBytes,
  parseMessage,
} from '../../../../src/sip/index.js';

describe('error replies from raw header bytes', () => {
  it('answers a request with Via, From, To (tagged), Call-ID and CSeq copied, compact forms too', () => {
    const head = Buffer.from('INVITE sip:b@example.com SIP/2.0\r\nv: SIP/2.0/TCP h:5060;branch=z9hG4bK1\r\nf: <sip:a@x>;tag=9\r\nt: <sip:b@y>\r\ni: abc\r\nCSeq: 1 INVITE\r\nl: nonsense\r\n\r\n');
    const reply = errorReplyFromHeaderBytes(head, 400, 'Invalid Content-Length');
    assert.ok(reply !== null);
    const res = parseMessage(reply);
    if (res.kind !== 'response') throw new Error('a response');
    assert.equal(res.status, 400);
    assert.equal(res.topVia?.branch, 'z9hG4bK1');
    assert.equal(res.callId, 'abc');
    assert.ok(res.to?.tag != null);
    assert.equal(res.from?.tag, '9');
  });

  it('gives up on responses and on requests missing a needed header', () => {
    assert.equal(errorReplyFromHeaderBytes(Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n'), 400, 'x'), null);
    assert.equal(errorReplyFromHeaderBytes(Buffer.from('INVITE sip:b@e SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@e>\r\nCSeq: 1 INVITE\r\n\r\n'), 400, 'x'), null);
    assert.equal(errorReplyFromHeaderBytes(Buffer.from('garbage\r\n\r\n'), 400, 'x'), null);
  });
});
