import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, onlyReply, request } from '../engine-harness.js';

const CFG = `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
request_route {
  mf_process_maxfwd_header("10");
  $var(mf) = $rc;
  if ($var(mf) < 0) { sl_send_reply("483", "Too Many Hops"); exit; }
}
`;

function withMf(value: string | null): string {
  const r = request('OPTIONS', 'sip:bob@127.0.0.1');
  return value === null ? r.replace('Max-Forwards: 70\n', '') : r.replace('Max-Forwards: 70', `Max-Forwards: ${value}`);
}

describe('maxfwd', () => {
  it('answers 483 when Max-Forwards is 0 (-1)', async () => {
    const e = await engine(CFG);
    const { ctx } = await e.send(withMf('0'));
    assert.equal(ctx.worker.vars.get('mf'), -1);
    const r = onlyReply(e);
    assert.equal(r.status, 483);
    assert.equal(r.reason, 'Too Many Hops');
  });

  it('decrements (1), lowers values above max_limit to it, adds the header when missing (2), -2 for garbage', async () => {
    const e = await engine(CFG);
    let out = await e.send(withMf('70'));
    assert.equal(out.ctx.worker.vars.get('mf'), 1);
    assert.equal(out.ctx.msg.header('max-forwards'), '69');
    out = await e.send(withMf('200'));
    assert.equal(out.ctx.msg.header('max-forwards'), '70');
    out = await e.send(withMf(null));
    assert.equal(out.ctx.worker.vars.get('mf'), 2);
    assert.equal(out.ctx.msg.headers[0]?.name, 'Max-Forwards');
    assert.equal(out.ctx.msg.header('max-forwards'), '10');
    out = await e.send(withMf('abc'));
    assert.equal(out.ctx.worker.vars.get('mf'), -2);
  });
});
