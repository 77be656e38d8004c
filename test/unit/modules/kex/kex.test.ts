import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

describe('kex', () => {
  it('sets and tests the destination URI and is_myself', async () => {
    const e = await engine(`loadmodule "pv.so"\nloadmodule "kex.so"\nrequest_route {\n  if (!isdsturiset()) $var(a) = 1;\n  setdsturi("sip:192.0.2.7");\n  if (isdsturiset()) $var(b) = 1;\n  if (is_myself("sip:127.0.0.1:5060")) $var(c) = 1;\n  if (!is_myself("sip:127.0.0.1:5070")) $var(d) = 1;\n}\n`);
    const { ctx } = await e.send(request('OPTIONS', 'sip:bob@127.0.0.1'));
    assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => ctx.worker.vars.get(k)), [1, 1, 1, 1]);
    assert.equal(ctx.dstUri, 'sip:192.0.2.7');
  });
});
