import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engine, request } from '../engine-harness.js';

describe('xlog', () => {
  it('logs formatted lines at their levels; null variables print <null>; debug level filters', async () => {
    const e = await engine(`loadmodule "pv.so"\nloadmodule "xlog.so"\nrequest_route {\n  xlog("L_ALERT", "ALERT: $rm from $fu (IP:$si:$sp)\\n");\n  xlog("ua=$ua\\n");\n  xdbg("debug $ci\\n");\n}\n`);
    e.logger.debug = 2;
    await e.send(request('OPTIONS', 'sip:bob@127.0.0.1'));
    assert.deepEqual(
      e.logger.lines.filter((l) => l.source === '<script>').map((l) => [l.level, l.text]),
      [
        [-5, 'ALERT: OPTIONS from sip:alice@127.0.0.1 (IP:192.0.2.10:5070)'],
        [-1, 'ua=<null>'],
      ],
    );
  });
});
