import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

describe('corex', () => {
  it('keeps extended flags 0..63 per message', async () => {
    const e = await engine(`loadmodule "pv.so"\nloadmodule "corex.so"\nrequest_route {\n  if (!isxflagset(40)) $var(a) = 1;\n  setxflag(40);\n  if (isxflagset(40)) $var(b) = 1;\n  if (!is_faked_msg()) $var(c) = 1;\n}\n`);
    const { ctx } = await e.send(request('OPTIONS', 'sip:bob@127.0.0.1'));
    assert.deepEqual(['a', 'b', 'c'].map((k) => ctx.worker.vars.get(k)), [1, 1, 1]);
  });
});
