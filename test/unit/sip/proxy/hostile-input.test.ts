import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loopbackSetup } from './loopback-setup.js';
import { actAsUas, newBranch } from './sip-agent.js';
import { simpleRouter } from './simple-router.js';

const INVITE = [
  'INVITE sip:bob@127.0.0.1:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.2:5060;branch=BRANCH;rport',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@example.com>;tag=1928301774',
  'To: <sip:bob@example.com>',
  'Call-ID: a84b4c76e66710@pc33.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@127.0.0.2:5060>',
  'Route: <sip:127.0.0.1:5060;lr>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\r\n',
].join('\r\n');

const RESPONSE = ['SIP/2.0 180 Ringing', 'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKdeadbeef00000000', 'Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKx', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>;tag=2', 'Call-ID: x', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n');

/** A valid message with bytes flipped, cut, repeated or spliced. */
const mutated = fc.tuple(fc.constantFrom(INVITE, RESPONSE), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'dup', 'crlf')), { maxLength: 6 })).map(([base, edits]) => {
  let b = Buffer.from(base.replace('BRANCH', newBranch()));
  for (const [pos, byte, kind] of edits) {
    const at = pos % Math.max(1, b.length);
    if (kind === 'flip') b[at] = byte;
    else if (kind === 'cut') b = b.subarray(0, at);
    else if (kind === 'dup') b = Buffer.concat([b.subarray(0, at), b.subarray(at - Math.min(at, 40), at), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from('\r\n'), b.subarray(at)]);
  }
  return b;
});

describe('ProxyCore on hostile input', () => {
  it('never throws or reports an internal error, and still relays a good call afterwards', async () => {
    const s = await loopbackSetup();
    try {
      actAsUas(s.uas, { invite: [180, 200] });
      s.uas.auto = ((plan) => (msg, info, a) => {
        try {
          plan?.(msg, info, a);
        } catch {
          // The UAS parses what the proxy forwards; mutated input may not be answerable.
        }
      })(s.uas.auto);
      s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
      const info = { proto: 'udp' as const, src: { address: '127.0.0.2', port: 5060, family: 'IPv4' as const }, dst: { address: '127.0.0.1', port: 5060, family: 'IPv4' as const }, listenerId: 'udp:127.0.0.1:5060' };
      fc.assert(
        fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a))), (bytes) => {
          s.core.receive(bytes, info);
          return s.errors.length === 0;
        }),
        { numRuns: 3000 },
      );
      await s.settle();
      assert.deepEqual(s.errors, []);
      s.uac.inbox.length = 0;
      s.uac.send(s.proxy, s.uac.request({ method: 'INVITE', uri: 'sip:bob@127.0.0.1:5060', callId: 'after-fuzz', fromTag: 'f' }));
      await s.settle();
      assert.ok(s.uac.responses(200).some((r) => r.callId === 'after-fuzz'));
    } finally {
      s.net.errors.length = 0;
      await s.stop();
    }
  });
});
