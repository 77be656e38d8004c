import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

describe('textopsx', () => {
  it('removes, includes and tests single header values, and re-parses with msg_apply_changes', async () => {
    const e = await engine(`loadmodule "pv.so"\nloadmodule "textopsx.so"\nrequest_route {\n  remove_hf_value("Allow[2]");\n  include_hf_value("Allow", "INFO");\n  if (hf_value_exists("Allow", "info")) $var(x) = 1;\n  msg_apply_changes();\n}\n`);
    const { ctx } = await e.send(request('OPTIONS', 'sip:bob@127.0.0.1', ['Allow: INVITE, ACK, BYE']));
    assert.equal(ctx.msg.header('allow'), 'INVITE, BYE, INFO');
    assert.equal(ctx.worker.vars.get('x'), 1);
    assert.notEqual(ctx.msg.source, null, 'msg_apply_changes re-parsed the message');
  });
});
