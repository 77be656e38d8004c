import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { RpcContext } from '../../../../src/rpc/rpc-method.js';
import { RpcFault } from '../../../../src/rpc/rpc-method.js';
import type { RpcValue } from '../../../../src/rpc/rpc-value.js';
import { destinationOf } from '../../../../src/modules/tm/index.js';
import { SHARED_REFERENCE } from '../../../support/sipctl.js';
import { actAsUas, newTag } from '../../sip/proxy/sip-agent.js';
import { PRELUDE, tmHarness, type TmHarness } from './tm-harness.js';

let h: TmHarness | null = null;

afterEach(async () => {
  await h?.stop();
  h = null;
});

async function start(routes: string): Promise<TmHarness> {
  h = await tmHarness(PRELUDE + routes);
  return h;
}

function logged(t: TmHarness, re: RegExp): string[] {
  return t.logger.lines.map((l) => l.text).filter((x) => re.test(x));
}

function invite(t: TmHarness, uri: string, callId: string, headers: readonly string[] = []): void {
  t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'INVITE', uri, callId, fromTag: newTag(), headers }));
}

function rpcCtx(method: string, params: readonly RpcValue[]): RpcContext {
  return { method, params, fault: (code, message) => new RpcFault(code, message) };
}

describe('tm: t_relay from the routing script', () => {
  it('forks in parallel to the destination set, runs branch_route per branch with $T_branch_idx, and relays the 200', async () => {
    const t = await start(`
request_route {
  append_branch("sip:b@127.0.0.4");
  t_on_branch("B");
  if (!t_relay()) { sl_reply_error(); }
}
branch_route[B] { xlog("L_INFO", "branch $T_branch_idx to $ru\\n"); }
`);
    actAsUas(t.uas, { invite: [486] });
    actAsUas(t.uas2, { invite: [180, 200] });
    invite(t, 'sip:a@127.0.0.3', 'fork-1');
    await t.uac.waitForResponse(200, 'INVITE');
    await t.settle();
    assert.equal(t.uas.requests('INVITE').length, 1);
    assert.equal(t.uas2.requests('INVITE').length, 1);
    assert.deepEqual(logged(t, /^branch /), ['branch 0 to sip:a@127.0.0.3', 'branch 1 to sip:b@127.0.0.4']);
    assert.deepEqual(t.uac.statuses('INVITE').filter((s) => s >= 200), [200], 'the 486 of the other branch is not relayed');
    assert.deepEqual(t.errors, []);
  });

  it('re-forwards from failure_route after a 486 (serial forking), with the flags set in request_route', async () => {
    const t = await start(`
request_route {
  setflag(3);
  t_on_failure("NEXT");
  t_relay();
}
failure_route[NEXT] {
  if (t_is_canceled()) exit;
  if (isflagset(3)) xlog("L_INFO", "flag 3 kept\\n");
  if (!t_is_set("failure_route")) xlog("L_INFO", "failure route disarmed\\n");
  if (t_check_status("486|408") && t_branch_replied()) {
    xlog("L_INFO", "failed with $T_reply_code\\n");
    $du = "sip:127.0.0.4:5060";
    t_relay();
  }
}
`);
    actAsUas(t.uas, { invite: [486] });
    actAsUas(t.uas2, { invite: [200] });
    invite(t, 'sip:a@127.0.0.3', 'serial-1');
    await t.uac.waitForResponse(200, 'INVITE');
    await t.settle();
    assert.equal(t.uas2.requests('INVITE').length, 1);
    assert.deepEqual(logged(t, /^(flag|failure route|failed)/), ['flag 3 kept', 'failure route disarmed', 'failed with 486']);
    assert.ok(!t.uac.statuses('INVITE').includes(486));
  });

  it('t_reply in failure_route replaces the negative answer', async () => {
    const t = await start(`
request_route { t_on_failure("F"); t_relay(); }
failure_route[F] { if (t_check_status("4[0-9][0-9]")) t_reply("404", "Not found"); }
`);
    actAsUas(t.uas, { invite: [486] });
    invite(t, 'sip:a@127.0.0.3', 'replace-1');
    const r = await t.uac.waitForResponse(404, 'INVITE');
    assert.equal(r.msg.kind === 'response' ? r.msg.reason : '', 'Not found');
    await t.settle();
    assert.ok(!t.uac.statuses('INVITE').includes(486));
  });

  it('onreply_route sees each reply ($T_reply_code); drop there keeps a provisional from the caller', async () => {
    const t = await start(`
request_route { t_on_reply("R"); t_relay(); }
onreply_route[R] { xlog("L_INFO", "reply $T_reply_code\\n"); if (t_check_status("183")) drop; }
`);
    actAsUas(t.uas, { invite: [183, 180, 200] });
    invite(t, 'sip:a@127.0.0.3', 'reply-1');
    await t.uac.waitForResponse(200, 'INVITE');
    await t.settle();
    assert.deepEqual(logged(t, /^reply /), ['reply 183', 'reply 180', 'reply 200']);
    assert.deepEqual(t.uac.statuses('INVITE'), [100, 180, 200]);
  });

  it('t_relay fails with a ser_error that sl_reply_error answers from, then tm sends its own deferred reply (as Kamailio does)', async () => {
    const t = await start(`
request_route {
  $du = "sip:127.0.0.9;transport=sctp";
  if (!t_relay()) { sl_reply_error(); }
}
`);
    t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'OPTIONS', uri: 'sip:a@127.0.0.3', callId: 'bad-du', fromTag: newTag() }));
    await t.uac.waitFor(() => t.uac.responses(478).length === 2);
    const [sl, tm] = t.uac.responses(478);
    assert.match(sl?.reason ?? '', /\(478\/SL\)$/);
    assert.match(sl?.to?.tag ?? '', /^[0-9a-f]{32}\.[0-9a-f]{8}$/);
    assert.match(tm?.to?.tag ?? '', /^[0-9a-f]{32}$/);
  });

  it('t_relay("udp:host:port") and t_relay_to_udp(host, port) force the next hop', async () => {
    const t = await start(`
request_route {
  if ($rU == "one") { t_relay("udp:127.0.0.4:5060"); exit; }
  t_relay_to_udp("127.0.0.4", "5060");
}
`);
    actAsUas(t.uas2, { answerOthers: true });
    for (const user of ['one', 'two']) {
      t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'MESSAGE', uri: `sip:${user}@192.0.2.1`, callId: `force-${user}`, fromTag: newTag() }));
    }
    await t.settle();
    await t.uac.waitFor((r) => r.msg.kind === 'response' && r.msg.status === 200 && r.msg.callId === 'force-two');
    assert.equal(t.uas2.requests('MESSAGE').length, 2);
    assert.equal(destinationOf('tcp:[::1]:5070'), 'sip:[::1]:5070;transport=tcp');
    assert.equal(destinationOf('example.org'), 'sip:example.org');
    assert.equal(destinationOf('udp:host:99999'), null);
  });
});

describe('tm: transactions made by the script', () => {
  it('t_newtran makes send_reply stateful: tm To-tag, and a retransmission is answered without the script', async () => {
    const t = await start(`
request_route {
  xlog("L_INFO", "script saw $rm\\n");
  if (t_newtran() > 0) { send_reply("404", "Not Found"); }
}
`);
    const raw = t.uac.request({ method: 'INVITE', uri: 'sip:nobody@127.0.0.1', callId: 'newtran-1', fromTag: newTag() });
    const to = { address: '127.0.0.1', port: 5060, family: 'IPv4' } as const;
    t.uac.send(to, raw);
    const first = await t.uac.waitForResponse(404);
    const tag = first.msg.to?.tag ?? '';
    assert.match(tag, /^[0-9a-f]{32}$/, 'a tm To-tag, not the sl "<32 hex>.<8 hex>" one');
    t.uac.send(to, raw);
    await t.settle();
    assert.equal(t.uac.responses(404).length, 2, 'the retransmission got the reply again');
    assert.equal(t.uac.responses(404)[1]?.to?.tag, tag);
    assert.deepEqual(logged(t, /^script saw/), ['script saw INVITE']);
  });

  it('t_reply without a transaction fails; t_check_trans is false for a new request', async () => {
    const t = await start(`
request_route {
  if (!t_check_trans()) xlog("L_INFO", "no transaction\\n");
  if (!t_reply("500", "x")) xlog("L_INFO", "t_reply failed\\n");
  sl_send_reply("200", "OK");
}
`);
    t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'OPTIONS', uri: 'sip:127.0.0.1', callId: 'noreply', fromTag: newTag() }));
    await t.uac.waitForResponse(200);
    assert.deepEqual(logged(t, /^(no transaction|t_reply failed)/), ['no transaction', 't_reply failed']);
  });
});

describe('tm RPC', () => {
  it('tm.stats has the keys of Kamailio\'s reply and counts a relayed call', async () => {
    const t = await start('request_route { t_relay(); }\n');
    actAsUas(t.uas, { invite: [200] });
    invite(t, 'sip:a@127.0.0.3', 'stats-1');
    await t.uac.waitForResponse(200, 'INVITE');
    const method = t.registry.instance('tm')?.rpc?.find((m) => m.name === 'tm.stats');
    assert.ok(method !== undefined);
    const got = await method.handler(rpcCtx('tm.stats', []));
    const ref: unknown = JSON.parse(fs.readFileSync(path.join(SHARED_REFERENCE, 'control', 'jsonrpc', 'tm.stats.rep.json'), 'utf8'));
    assert.ok(typeof ref === 'object' && ref !== null && 'result' in ref && typeof ref.result === 'object' && ref.result !== null);
    assert.ok(typeof got === 'object' && got !== null && !Array.isArray(got) && !Buffer.isBuffer(got));
    assert.deepEqual(Object.keys(got).sort(), Object.keys(ref.result).sort());
    const stats = got as Record<string, RpcValue>;
    assert.equal(stats.total, 1);
    assert.equal(stats['2xx'], 1);
    assert.ok(typeof stats.rpl_received === 'number' && stats.rpl_received >= 1);
  });

  it('tm.t_uac_wait_block sends a request and returns the reply code and text; bad headers are a 400 fault', async () => {
    const t = await start('request_route { t_relay(); }\n');
    actAsUas(t.uas, { answerOthers: true });
    const method = t.registry.instance('tm')?.rpc?.find((m) => m.name === 'tm.t_uac_wait_block');
    assert.ok(method !== undefined);
    const ok = await method.handler(rpcCtx('tm.t_uac_wait_block', ['OPTIONS', 'sip:ping@127.0.0.3', '.', '.', 'From: sip:daemon@sipd.test\r\nTo: <sip:ping@127.0.0.3>\r\nContact: sip:daemon@sipd.test\r\n']));
    assert.deepEqual(ok, { code: 200, text: 'OK' });
    const sent = t.uas.requests('OPTIONS')[0];
    assert.ok(sent !== undefined);
    assert.ok(sent.from?.tag !== null, 'a From tag was added');
    assert.equal(sent.cseq?.seq, 10);
    await assert.rejects(async () => method.handler(rpcCtx('tm.t_uac_wait_block', ['OPTIONS', 'sip:ping@127.0.0.3', '.', '.', 'From: sip:daemon@sipd.test\r\n'])), (e: unknown) => e instanceof RpcFault && e.code === 400 && /To missing/.test(e.message));
    await assert.rejects(async () => method.handler(rpcCtx('tm.t_uac_wait_block', ['OPTIONS'])), (e: unknown) => e instanceof RpcFault && e.code === 400);
  });
});
