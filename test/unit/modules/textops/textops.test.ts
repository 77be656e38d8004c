import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

const CFG = `
loadmodule "pv.so"
loadmodule "textops.so"
request_route {
  if (is_method("INVITE|BYE")) $var(m) = 1;
  append_hf("P-Hint: outbound\\r\\n");
  if (is_present_hf("p-hint")) $var(p) = 1;
  if (remove_hf("Max-Forwards")) $var(r) = 1;
  if (!remove_hf("X-None")) $var(n) = 1;
  if (search("^CSeq: 1 INVITE")) $var(s) = 1;
  subst_user("/^bob$/robert/");
  subst('/Call-ID: a84/Call-ID: b84/');
  if (starts_with("$rU", "rob")) $var(w) = 1;
}
`;

describe('textops', () => {
  it('tests methods, adds, finds and removes headers, and substitutes text and the R-URI user', async () => {
    const e = await engine(CFG);
    const { ctx } = await e.send(request('INVITE', 'sip:bob@127.0.0.1'));
    const v = ctx.worker.vars;
    assert.deepEqual(['m', 'p', 'r', 'n', 's', 'w'].map((k) => v.get(k)), [1, 1, 1, 1, 1, 1]);
    assert.equal(ctx.msg.header('p-hint'), 'outbound');
    assert.equal(ctx.msg.hasHeader('max-forwards'), false);
    assert.equal(ctx.msg.kind === 'request' ? ctx.msg.requestUriText : '', 'sip:robert@127.0.0.1');
    assert.equal(ctx.msg.header('call-id'), 'b84b4c76e66710@pc33');
  });
});
