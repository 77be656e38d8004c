import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loopbackSetup } from '../../sip/proxy/loopback-setup.js';
import { engine, onlyReply, request, sip } from '../engine-harness.js';

const CFG = `
loadmodule "sl.so"
loadmodule "textops.so"
request_route {
  if (is_method("OPTIONS")) {
    sl_send_reply("200", "Keepalive");
    exit;
  }
  if (is_method("INVITE")) { sl_send_reply(486, "Busy Here"); exit; }
  sl_reply_error();
}
`;

describe('sl', () => {
  it('answers OPTIONS with 200 built from the request, rport and received on the top Via', async () => {
    const e = await engine(CFG);
    await e.send(request('OPTIONS', 'sip:127.0.0.1'));
    const r = onlyReply(e);
    assert.equal(r.status, 200);
    assert.equal(r.reason, 'Keepalive');
    // As Kamailio: a Via asking for rport gets both rport and received (stock-cfg.md §11.1).
    assert.equal(r.header('via'), 'SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport=5070;received=192.0.2.10');
    assert.equal(r.header('call-id'), 'a84b4c76e66710@pc33');
    assert.equal(r.header('cseq'), '1 OPTIONS');
    assert.match(r.to?.tag ?? '', /^[0-9a-f]{32}\.[0-9a-f]{8}$/, 'a To-tag from 180 on');
    assert.equal(r.header('server'), 'sipd (0.1.0)');
    assert.equal(e.core.replies.length, 0);
    assert.equal(e.registry.stats.get('sl', '200_replies')?.value, 1);
  });

  it('adds a deterministic To-tag for codes >= 180 and sends to the source port when rport is asked', async () => {
    const e = await engine(CFG);
    await e.send(request('INVITE', 'sip:bob@127.0.0.1'));
    const dest = e.core.replies[0]?.to;
    const a = onlyReply(e);
    await e.send(request('INVITE', 'sip:bob@127.0.0.1'));
    const b = onlyReply(e);
    assert.equal(a.status, 486);
    assert.match(a.to?.tag ?? '', /^[0-9a-f]{32}\.[0-9a-f]{8}$/);
    assert.equal(a.to?.tag, b.to?.tag);
    assert.deepEqual(dest?.to, { address: '192.0.2.10', port: 5070, family: 'IPv4' });
  });

  it('gives a request the same To tag as the proxy core gives its own stateless replies (one tag function)', async () => {
    // Both listen first on udp 127.0.0.1:5060, so both make the same per-server prefix.
    const raw = request('INVITE', 'sip:bob@127.0.0.1', [], { callId: 'one-tag@pc33' });
    const e = await engine(CFG);
    await e.send(raw);
    const bySl = onlyReply(e);
    const s = await loopbackSetup();
    try {
      s.core.hooks.onRequest = (req, info) => {
        s.core.replyStateless(req, info, 486, 'Busy Here');
      };
      s.uac.send(s.proxy, sip(raw));
      await s.uac.waitForResponse(486);
      assert.match(bySl.to?.tag ?? '', /^[0-9a-f]{32}\.[0-9a-f]{8}$/);
      assert.equal(s.uac.responses(486)[0]?.to?.tag, bySl.to?.tag);
    } finally {
      await s.stop();
    }
  });

  it('sl_reply_error sends 500 with the (1/SL) suffix when no error is known', async () => {
    const e = await engine(CFG);
    await e.send(request('MESSAGE', 'sip:bob@127.0.0.1'));
    const r = onlyReply(e);
    assert.equal(r.status, 500);
    assert.equal(r.reason, "I'm terribly sorry, server error occurred (1/SL)");
  });

  it('never replies to an ACK', async () => {
    const e = await engine('loadmodule "sl.so"\nloadmodule "pv.so"\nrequest_route { if (!sl_send_reply("200","OK")) { $var(x) = 1; } }');
    const { ctx } = await e.send(request('ACK', 'sip:bob@127.0.0.1'));
    assert.equal(e.takeReplies().length, 0);
    assert.equal(ctx.rc, -1);
  });
});
