import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

describe('siputils', () => {
  it('has_totag, is_request, is_first_hop, is_uri_user_e164 and uri_param', async () => {
    const e = await engine(`loadmodule "pv.so"\nloadmodule "siputils.so"\nrequest_route {\n  if (has_totag()) $var(t) = 1; else $var(t) = 0;\n  if (is_request() && !is_reply()) $var(r) = 1;\n  if (is_first_hop()) $var(f) = 1;\n  if (is_uri_user_e164()) $var(e) = 1;\n  if (uri_param("user", "phone")) $var(p) = 1;\n}\n`);
    const { ctx } = await e.send(request('INVITE', 'sip:+4912345678@127.0.0.1;user=phone', [], { toTag: 'abc' }));
    assert.deepEqual(['t', 'r', 'f', 'e', 'p'].map((k) => ctx.worker.vars.get(k)), [1, 1, 1, 1, 1]);
  });
});
