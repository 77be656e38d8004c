import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { newTag } from '../../sip/proxy/sip-agent.js';
import { PRELUDE, tmHarness, type TmHarness } from '../tm/tm-harness.js';

let h: TmHarness | null = null;

afterEach(async () => {
  await h?.stop();
  h = null;
});

describe('tmx', () => {
  it('t_precheck_trans is false for a new request and the route-kind tests follow the route', async () => {
    h = await tmHarness(`${PRELUDE}
request_route {
  if (!t_precheck_trans()) xlog("L_INFO", "not in progress\\n");
  if (t_is_request_route() && !t_is_branch_route()) xlog("L_INFO", "request route\\n");
  t_on_branch("B");
  t_relay();
}
branch_route[B] { if (t_is_branch_route()) xlog("L_INFO", "branch route $T_branch_idx\\n"); }
`);
    const t = h;
    t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'MESSAGE', uri: 'sip:a@127.0.0.3', callId: 'tmx-1', fromTag: newTag() }));
    await t.uas.waitForRequest('MESSAGE');
    const lines = t.logger.lines.map((l) => l.text);
    assert.deepEqual(lines.filter((x) => /^(not in|request route|branch route)/.test(x)), ['not in progress', 'request route', 'branch route 0']);
  });

  it('tmx statistics count transactions', async () => {
    h = await tmHarness(`${PRELUDE}\nrequest_route { t_relay(); }\n`);
    const t = h;
    t.uas.auto = (msg, info, a) => {
      if (msg.kind === 'request') a.reply(msg, info, 200, 'OK', { toTag: 'x' });
    };
    t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'MESSAGE', uri: 'sip:a@127.0.0.3', callId: 'tmx-2', fromTag: newTag() }));
    await t.uac.waitForResponse(200);
    const stats = Object.fromEntries(t.registry.stats.select('tmx:').map((s) => [s.name, s.value]));
    assert.equal(stats.UAS_transactions, 1);
    assert.equal(stats['2xx_transactions'], 1);
    assert.equal(stats.rpl_received, 1);
    assert.equal(stats.rpl_relayed, 1);
  });
});
