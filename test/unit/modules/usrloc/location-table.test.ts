import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../../src/cfg/memory-core-services.js';
import { LocationTable, type ContactInput } from '../../../../src/modules/usrloc/index.js';

function contact(expiresAt: number, q: number | null): ContactInput {
  return { expires: expiresAt, q, callId: 'c', cseq: 1, userAgent: '', received: null, path: null, cflags: 0, methods: null, socket: null, instance: null, regId: 0 };
}

describe('usrloc LocationTable', () => {
  it('orders by q (none last), hides and expires old contacts, and removes by AOR or contact', () => {
    const clock = new ManualClock(1_000_000);
    const t = new LocationTable('location', clock);
    t.add('alice', 'sip:a@1', contact(1_060_000, null));
    t.add('alice', 'sip:a@2', contact(1_060_000, 0.5));
    t.add('alice', 'sip:a@3', contact(1_010_000, 1));
    assert.deepEqual(t.lookup('alice').map((c) => c.uri), ['sip:a@3', 'sip:a@2', 'sip:a@1']);
    clock.advance(10_000);
    assert.deepEqual(t.lookup('alice').map((c) => c.uri), ['sip:a@2', 'sip:a@1']);
    assert.equal(t.contacts(), 3);
    assert.equal(t.expire(), 1);
    assert.equal(t.rmContact('alice', 'sip:a@2'), true);
    assert.equal(t.dump().length, 1);
    assert.equal(t.rm('alice'), true);
    assert.equal(t.users(), 0);
  });
});
