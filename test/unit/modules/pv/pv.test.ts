import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

describe('pv', () => {
  it('reads message fields and writes the R-URI parts, $du, $shv and $var (which persists across messages)', async () => {
    const e = await engine(`loadmodule "pv.so"\nmodparam("pv", "shvset", "calls=i:0")\nrequest_route {\n  $var(n) = $var(n) + 1;\n  $shv(calls) = $shv(calls) + 1;\n  $var(read) = $rm + " " + $rU + "@" + $rd + ":" + $rp + " " + $fU + " " + $(hdr(CSeq){s.select,0, }) + " " + $ci;\n  $rU = "carol";\n  $rd = "192.0.2.99";\n  $du = "sip:192.0.2.1:5080";\n}\n`);
    await e.send(request('INVITE', 'sip:bob@127.0.0.1'));
    const { ctx } = await e.send(request('INVITE', 'sip:bob@127.0.0.1'));
    assert.equal(ctx.worker.vars.get('n'), 2);
    assert.equal(ctx.worker.vars.get('read'), 'INVITE bob@127.0.0.1:5060 alice 1 a84b4c76e66710@pc33');
    assert.equal(ctx.request?.requestUriText, 'sip:carol@192.0.2.99');
    assert.equal(ctx.dstUri, 'sip:192.0.2.1:5080');
  });
});
