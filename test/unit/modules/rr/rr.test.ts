import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

const CFG = `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "rr.so"
loadmodule "siputils.so"
modparam("rr", "append_fromtag", 0)
request_route {
  if (has_totag()) {
    loose_route();
    $var(lr) = $rc;
    if (check_route_param("nat=yes")) $var(nat) = 1;
    exit;
  }
  record_route();
  add_rr_param(";nat=yes");
  if (!record_route()) $var(double) = 1;
}
`;

describe('rr', () => {
  it('record_route inserts our Record-Route first, add_rr_param adds to it, a second call fails', async () => {
    const e = await engine(CFG);
    const { ctx } = await e.send(request('INVITE', 'sip:bob@127.0.0.1'));
    assert.equal(ctx.msg.headers[0]?.name, 'Record-Route');
    assert.equal(ctx.msg.header('record-route'), '<sip:127.0.0.1;lr;nat=yes>');
    assert.equal(ctx.worker.vars.get('double'), 1);
  });

  it('loose_route consumes our Route, sets $du to the next one and remembers its parameters', async () => {
    const e = await engine(CFG);
    const r = request('BYE', 'sip:bob@192.0.2.30', ['Route: <sip:127.0.0.1;lr;nat=yes>, <sip:192.0.2.40;lr>'], { toTag: 'xyz' });
    const { ctx } = await e.send(r);
    assert.equal(ctx.worker.vars.get('lr'), 1);
    assert.equal(ctx.worker.vars.get('nat'), 1);
    assert.equal(ctx.dstUri, 'sip:192.0.2.40;lr');
    assert.deepEqual(ctx.msg.headerValues('route'), ['<sip:192.0.2.40;lr>']);
  });

  it('loose_route relays to a foreign top Route, and returns -1 without Route', async () => {
    const e = await engine(CFG);
    let out = await e.send(request('BYE', 'sip:bob@192.0.2.30', ['Route: <sip:192.0.2.50;lr>'], { toTag: 'xyz' }));
    assert.equal(out.ctx.worker.vars.get('lr'), 1);
    assert.equal(out.ctx.dstUri, 'sip:192.0.2.50;lr');
    out = await e.send(request('BYE', 'sip:bob@192.0.2.30', [], { toTag: 'xyz' }));
    assert.equal(out.ctx.worker.vars.get('lr'), -1);
  });
});
