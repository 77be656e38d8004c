import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

describe('counters', () => {
  it('counts in script counters that the statistics registry selects as group:name', async () => {
    const e = await engine(`loadmodule "sl.so"\nloadmodule "counters.so"\nmodparam("counters", "script_counter", "options")\nrequest_route {\n  cnt_inc("options");\n  cnt_add("options", 2);\n  sl_send_reply("200", "OK");\n}\n`);
    await e.send(request('OPTIONS', 'sip:bob@127.0.0.1'));
    assert.deepEqual(e.registry.stats.select('script:options'), [{ group: 'script', name: 'options', value: 3 }]);
    assert.ok(e.registry.stats.select('sl:').some((s) => s.name === 'sent_replies' && s.value === 1));
    assert.ok(e.registry.stats.select('all').length > 20);
  });
});
