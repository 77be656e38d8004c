import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

const CFG = `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
modparam("sanity", "autodrop", 0)
request_route {
  if (!sanity_check("17895", "7")) {
    xlog("Malformed SIP request from $si:$sp\\n");
    exit;
  }
  $var(passed) = 1;
}
`;

describe('sanity', () => {
  it('passes a good request', async () => {
    const e = await engine(CFG);
    const { ctx } = await e.send(request('OPTIONS', 'sip:bob@127.0.0.1'));
    assert.equal(ctx.worker.vars.get('passed'), 1);
    assert.equal(e.takeReplies().length, 0);
  });

  const bad: readonly (readonly [string, (r: string) => string, number, string])[] = [
    ['CSeq method differs (32)', (r) => r.replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'), 400, 'CSeq method does not match request method'],
    ['CSeq number illegal (64)', (r) => r.replace('CSeq: 1 OPTIONS', 'CSeq: 99999999999 OPTIONS'), 400, 'CSeq number is illegal'],
    // Check 128 cannot be reached through the parser: a datagram shorter than its Content-Length is already rejected there.
    ['To URI (1024, uri check 4; the reason has Kamailio\'s typo)', (r) => r.replace('To: <sip:alice@127.0.0.1>', 'To: <sip:alice@127.0.0.1:x>'), 400, 'Ivalid To Header'],
    ['Expires illegal (256)', (r) => r.replace('Content-Length: 0', 'Expires: soon\nContent-Length: 0'), 400, 'Expires value is illegal'],
    ['From URI (1024, uri check 2)', (r) => r.replace('From: <sip:alice@127.0.0.1>', 'From: <sip:alice@>'), 400, 'Invalid From Header'],
    ['R-URI scheme (2)', (r) => r.replace('OPTIONS sip:bob@127.0.0.1', 'OPTIONS http://x'), 416, 'Unsupported URI Scheme in Request URI'],
  ];
  for (const [name, edit, status, reason] of bad) {
    it(`answers ${String(status)} for ${name} and returns -1 with autodrop=0`, async () => {
      const e = await engine(CFG);
      const { ctx } = await e.send(edit(request('OPTIONS', 'sip:bob@127.0.0.1')));
      const [r, ...more] = e.takeReplies();
      assert.equal(more.length, 0);
      assert.equal(r?.status, status);
      assert.equal(r.reason, reason);
      assert.equal(ctx.worker.vars.has('passed'), false);
      assert.ok(e.logger.lines.some((l) => l.text === 'Malformed SIP request from 192.0.2.10:5070'));
    });
  }

  it('fails silently for a duplicated Call-ID, and stops the script with autodrop=1', async () => {
    const e = await engine(CFG.replace('modparam("sanity", "autodrop", 0)', ''));
    const { ctx, result } = await e.send(request('OPTIONS', 'sip:bob@127.0.0.1').replace('Call-ID: a84b4c76e66710@pc33', 'Call-ID: a\nCall-ID: b'));
    assert.equal(e.takeReplies().length, 0);
    assert.equal(result.code, 0);
    assert.equal(ctx.worker.vars.has('passed'), false);
  });
});
