import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BranchIdSource, createCancel, createResponse, isRfc3261Branch, RFC3261_TIMERS, serializeMessage, transactionTimers } from '../../../../src/sip/index.js';
import { outgoing, req } from './tx-harness.js';

describe('createResponse (RFC 3261 §8.2.6)', () => {
  it('copies Via fields, From, To, Call-ID and CSeq as written and tags To above 100', () => {
    const r = req({ extra: ['Timestamp: 54'] });
    r.prependHeader('Via', 'SIP/2.0/UDP 192.0.2.77;branch=z9hG4bKtop');
    const res = createResponse(r, 180, 'Ringing', { toTag: 'abc', headers: [['Server', 'sipd']] });
    const text = serializeMessage(res).toString();
    assert.match(text, /^SIP\/2\.0 180 Ringing\r\nVia: SIP\/2\.0\/UDP 192\.0\.2\.77;branch=z9hG4bKtop\r\nVia: SIP\/2\.0\/UDP 192\.0\.2\.10:5060;branch=z9hG4bKclient1\r\n/);
    assert.equal(res.to?.tag, 'abc');
    assert.equal(res.header('Server'), 'sipd');
    assert.equal(res.header('Timestamp'), undefined);
    assert.equal(res.contentLength, null);
    assert.match(text, /Content-Length: 0\r\n\r\n$/);
    const trying = createResponse(r, 100, 'Trying', { toTag: 'abc' });
    assert.equal(trying.to?.tag ?? null, null, 'no tag on 100');
    assert.equal(trying.header('Timestamp'), '54', 'Timestamp copied into a 100 (§8.2.6.1)');
    const tagged = createResponse(req({ toTag: 'have' }), 200, 'OK', { toTag: 'abc' });
    assert.equal(tagged.to?.tag, 'have', 'an existing tag is kept');
  });
});

describe('createCancel (RFC 3261 §9.1)', () => {
  it('keeps Request-URI, Call-ID, To, From, CSeq number and Route; one Via with the same branch', () => {
    const inv = outgoing('INVITE', 'z9hG4bKbr', ['Route: <sip:a.example.com;lr>', 'Route: <sip:b.example.com;lr>']);
    const c = createCancel(inv, ['SIP;cause=200;text="Call completed elsewhere"']);
    assert.equal(c.method, 'CANCEL');
    assert.equal(c.requestUriText, inv.requestUriText);
    assert.equal(c.vias.length, 1);
    assert.equal(c.topVia?.branch, 'z9hG4bKbr');
    assert.deepEqual(c.cseq, { seq: 1, method: 'CANCEL' });
    assert.equal(c.callId, inv.callId);
    assert.equal(c.from?.tag, 'f1');
    assert.deepEqual(c.headerValues('Route'), ['<sip:a.example.com;lr>', '<sip:b.example.com;lr>']);
    assert.equal(c.header('Reason'), 'SIP;cause=200;text="Call completed elsewhere"');
    assert.equal(c.maxForwards, 70);
  });
});

describe('branch ids and timer values', () => {
  it('makes distinct magic-cookie branches from the CSPRNG pool', () => {
    const ids = new BranchIdSource();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(ids.next());
    assert.equal(seen.size, 2000);
    for (const b of [...seen].slice(0, 5)) {
      assert.match(b, /^z9hG4bK[0-9a-f]{16}$/);
      assert.ok(isRfc3261Branch(b));
    }
    assert.ok(!isRfc3261Branch('123'));
    assert.ok(!isRfc3261Branch(null));
    assert.match(ids.hex(16), /^[0-9a-f]{32}$/);
  });

  it('derives the timers from T1/T2/T4 and the transport', () => {
    const udp = transactionTimers(RFC3261_TIMERS, false);
    const tcp = transactionTimers(RFC3261_TIMERS, true);
    assert.deepEqual([udp.TIMER_A, udp.TIMER_B, udp.TIMER_D, udp.TIMER_E, udp.TIMER_F, udp.TIMER_G, udp.TIMER_H, udp.TIMER_I, udp.TIMER_J, udp.TIMER_K], [500, 32000, 32000, 500, 32000, 500, 32000, 5000, 32000, 5000]);
    assert.deepEqual([tcp.TIMER_D, tcp.TIMER_I, tcp.TIMER_J, tcp.TIMER_K], [0, 0, 0, 0], 'the wait timers are 0 only on reliable transports');
    assert.deepEqual([tcp.TIMER_B, tcp.TIMER_F, tcp.TIMER_H, tcp.TIMER_L, tcp.TIMER_M], [32000, 32000, 32000, 32000, 32000]);
    assert.equal(transactionTimers({ T1: 100, T2: 400, T4: 500 }, false).TIMER_B, 6400);
  });
});
