/**
 * Serial forking by q (t_load_contacts / t_next_contacts), registered Path turned into Route
 * per branch, and $T_req / $T_rpl — over the in-process pipeline with loopback SIP agents.
 * The orders and return codes expected here are the ones the real Kamailio 5.6 gave for the
 * same script.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MessageContext, WorkerState } from '../../../../src/cfg/message-context.js';
import { DaemonCoreServices } from '../../../../src/daemon/daemon-core-services.js';
import { MemoryLogger } from '../../../../src/cfg/memory-core-services.js';
import { loadContacts, nextContacts } from '../../../../src/modules/tm/tm-serial.js';
import { parseMessage, type SipRequest } from '../../../../src/sip/index.js';
import { actAsUas, newTag } from '../../sip/proxy/sip-agent.js';
import { PRELUDE, tmHarness, type TmHarness } from './tm-harness.js';

let h: TmHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const SERIAL = `
loadmodule "usrloc.so"
loadmodule "registrar.so"
modparam("tm", "contacts_avp", "tm_contacts")
modparam("tm", "contact_flows_avp", "tm_contact_flows")
`;

async function start(routes: string, extra = SERIAL): Promise<TmHarness> {
  h = await tmHarness(PRELUDE + extra + routes);
  return h;
}

function logged(t: TmHarness, re: RegExp): string[] {
  return t.logger.lines.map((l) => l.text).filter((x) => re.test(x));
}

const PROXY = { address: '127.0.0.1', port: 5060, family: 'IPv4' } as const;

function invite(t: TmHarness, uri: string, callId: string, headers: readonly string[] = []): void {
  t.uac.send(PROXY, t.uac.request({ method: 'INVITE', uri, callId, fromTag: newTag(), headers }));
}

async function register(t: TmHarness, headers: readonly string[], status = 200): Promise<void> {
  t.uac.send(PROXY, t.uac.request({ method: 'REGISTER', uri: 'sip:127.0.0.1', callId: `reg-${newTag()}`, fromTag: newTag(), from: '<sip:bob@127.0.0.1>', to: '<sip:bob@127.0.0.1>', headers }));
  await t.uac.waitForResponse(status, 'REGISTER');
}

describe('tm: t_load_contacts / t_next_contacts', () => {
  it('orders the destination set by q (equal q: reverse order, one group; no q: last), as Kamailio 5.6 does', async () => {
    const t = await start(`
request_route {
  if (is_method("OPTIONS")) {
    seturi("sip:a@example.com");
    append_branch("sip:b@example.com", "0.5");
    append_branch("sip:c@example.com", "0.5");
    append_branch("sip:d@example.com", "1.0");
    t_load_contacts();
    xlog("L_INFO", "load $rc $ru $br\\n");
    $var(i) = 0;
    while ($var(i) < 4) {
      t_next_contacts();
      xlog("L_INFO", "next $rc $ru $br\\n");
      $var(i) = $var(i) + 1;
    }
    sl_send_reply("404", "done");
  }
}
`);
    t.uac.send(PROXY, t.uac.request({ method: 'OPTIONS', uri: 'sip:x@127.0.0.1', callId: 'order-1', fromTag: newTag() }));
    await t.uac.waitForResponse(404, 'OPTIONS');
    assert.deepEqual(logged(t, /^(load|next) /), [
      'load 1 sip:a@example.com <null>',
      'next 1 sip:d@example.com <null>',
      'next 1 sip:c@example.com sip:b@example.com',
      'next 1 sip:a@example.com sip:b@example.com',
      'next -2 sip:a@example.com sip:b@example.com',
    ]);
  });

  it('does nothing for a single contact (t_next_contacts then returns -2), and fails without contacts_avp', async () => {
    const routes = `
request_route {
  t_load_contacts();
  xlog("L_INFO", "load $rc\\n");
  t_next_contacts();
  xlog("L_INFO", "next $rc $ru\\n");
  sl_send_reply("404", "done");
}
`;
    const run = async (withAvp: boolean): Promise<string[]> => {
      const t = await start(routes, withAvp ? SERIAL : '');
      t.uac.send(PROXY, t.uac.request({ method: 'OPTIONS', uri: 'sip:x@127.0.0.1', callId: `one-${newTag()}`, fromTag: newTag() }));
      await t.uac.waitForResponse(404, 'OPTIONS');
      const lines = logged(t, /^(load|next) |contacts_avp/);
      await t.stop();
      h = null;
      return lines;
    };
    assert.deepEqual(await run(true), ['load 1', 'next -2 sip:x@127.0.0.1']);
    const off = await run(false);
    assert.deepEqual(off.filter((l) => /^(load|next) /.test(l)), ['load -1', 'next -1 sip:x@127.0.0.1']);
    assert.equal(off.filter((l) => l.includes('contacts_avp')).length, 2);
  });

  it('refuses contacts_avp without contact_flows_avp at start-up, as Kamailio does', async () => {
    await assert.rejects(tmHarness(`${PRELUDE}modparam("tm", "contacts_avp", "tm_contacts")\nrequest_route { exit; }\n`), /contact_flows_avp/);
  });

  it('tries the registered contacts by q: the q=1.0 one answers 486, failure_route sends to the q=0.5 one', async () => {
    const t = await start(`
request_route {
  if (is_method("REGISTER")) { save("location"); exit; }
  if (is_method("ACK")) { t_relay(); exit; }
  if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
  t_load_contacts();
  t_next_contacts();
  t_on_failure("NEXT");
  t_relay();
}
failure_route[NEXT] {
  if (t_is_canceled()) exit;
  if (!t_next_contacts()) { xlog("L_INFO", "no more contacts\\n"); exit; }
  xlog("L_INFO", "next contact $ru\\n");
  t_on_failure("NEXT");
  t_relay();
}
`);
    await register(t, ['Contact: <sip:second@127.0.0.4>;q=0.5, <sip:first@127.0.0.3>;q=1.0']);
    actAsUas(t.uas, { invite: [486] });
    actAsUas(t.uas2, { invite: [180, 200] });
    invite(t, 'sip:bob@127.0.0.1', 'serial-q-1');
    await t.uac.waitForResponse(200, 'INVITE');
    await t.settle();
    assert.deepEqual(t.uas.requests('INVITE').map((r) => r.requestUriText), ['sip:first@127.0.0.3']);
    assert.deepEqual(t.uas2.requests('INVITE').map((r) => r.requestUriText), ['sip:second@127.0.0.4']);
    assert.deepEqual(logged(t, /contact/), ['next contact sip:second@127.0.0.4']);
    assert.ok(!t.uac.statuses('INVITE').includes(486));
    assert.deepEqual(t.errors, []);
  });

  it('relays the last answer when every q-group failed (t_next_contacts -2 in failure_route)', async () => {
    const t = await start(`
request_route {
  if (is_method("ACK")) { t_relay(); exit; }
  seturi("sip:first@127.0.0.3");
  append_branch("sip:second@127.0.0.4", "0.5");
  t_load_contacts();
  t_next_contacts();
  t_on_failure("NEXT");
  t_relay();
}
failure_route[NEXT] {
  t_next_contacts();
  $var(next) = $rc;
  xlog("L_INFO", "next $var(next)\\n");
  if ($var(next) < 0) exit;
  t_on_failure("NEXT");
  t_relay();
}
`);
    actAsUas(t.uas, { invite: [486] });
    actAsUas(t.uas2, { invite: [480] });
    invite(t, 'sip:bob@127.0.0.1', 'serial-q-2');
    // failure_reply_mode 3: the answer of the last leg tried is the one relayed.
    await t.uac.waitForResponse(486, 'INVITE');
    await t.settle();
    // No q on the Request-URI: it sorts below q=0.5 and is tried second.
    assert.deepEqual(t.uas2.requests('INVITE').map((r) => r.requestUriText), ['sip:second@127.0.0.4']);
    assert.deepEqual(t.uas.requests('INVITE').map((r) => r.requestUriText), ['sip:first@127.0.0.3']);
    assert.deepEqual(logged(t, /^next /), ['next 1', 'next -2']);
    assert.deepEqual(t.uac.statuses('INVITE').filter((s) => s >= 200), [486]);
  });
});

describe('tm-serial ordering', () => {
  const core = new DaemonCoreServices(new MemoryLogger(0), 'sipd-test', []);
  const ctxOf = (): MessageContext => {
    const raw = 'INVITE sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
    const msg = parseMessage(Buffer.from(raw));
    const info = { proto: 'udp', src: { address: '127.0.0.2', port: 5060, family: 'IPv4' }, dst: { address: '127.0.0.1', port: 5060, family: 'IPv4' }, listenerId: 'udp:127.0.0.1:5060' } as const;
    return new MessageContext(msg, info, core, new WorkerState());
  };
  const branch = (uri: string, q: number | null) => ({ uri, dstUri: null, q, flags: 0, path: null, socket: null });

  it('mode 1 puts every contact with q > 0 in its own group, chosen by weight, and q ≤ 0 or none last', () => {
    const ctx = ctxOf();
    ctx.ruriQ = 0.2;
    ctx.branches = [branch('sip:b@x', 0.8), branch('sip:c@x', 0), branch('sip:d@x', null)];
    // pick(total) = 0 always chooses the first weighted contact left.
    const groups = loadContacts(ctx, 1, () => 0);
    assert.deepEqual(groups?.map((g) => g.map((c) => c.uri)), [['sip:a@example.com'], ['sip:b@x'], ['sip:c@x'], ['sip:d@x']]);
    assert.deepEqual(ctx.branches, []);
    const last = loadContacts(Object.assign(ctxOf(), { ruriQ: 0.2, branches: [branch('sip:b@x', 0.8)] }), 1, (max) => max - 1);
    assert.deepEqual(last?.map((g) => g.map((c) => c.uri)), [['sip:b@x'], ['sip:a@example.com']]);
  });

  it('t_next_contacts restores $du, Path, q and flags of the contact', () => {
    const ctx = ctxOf();
    ctx.branches = [{ uri: 'sip:b@x', dstUri: 'sip:edge:5070', q: 1, flags: 4, path: '<sip:edge:5070;lr>', socket: null }];
    const groups = loadContacts(ctx, 0);
    assert.equal(nextContacts(ctx, groups), 1);
    const req = ctx.request as SipRequest;
    assert.equal(req.requestUriText, 'sip:b@x');
    assert.equal(ctx.dstUri, 'sip:edge:5070');
    assert.equal(ctx.path, '<sip:edge:5070;lr>');
    assert.equal(ctx.bflags, 4);
    assert.equal(nextContacts(ctx, groups), 1);
    assert.equal(req.requestUriText, 'sip:a@example.com');
    assert.equal(ctx.dstUri, null);
    assert.equal(nextContacts(ctx, groups), -2);
  });
});

describe('registrar Path: Route per branch from lookup()', () => {
  it('forwards to the first Path URI with the path vector as Route (and the branch keeps its own path)', async () => {
    const t = await start(`
modparam("registrar", "use_path", 1)
modparam("registrar", "path_mode", 1)
request_route {
  if (is_method("REGISTER")) { save("location"); exit; }
  if (is_method("ACK")) { t_relay(); exit; }
  if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
  t_relay();
}
`);
    t.uac.send(PROXY, t.uac.request({ method: 'REGISTER', uri: 'sip:127.0.0.1', callId: 'reg-path', fromTag: newTag(), from: '<sip:bob@127.0.0.1>', to: '<sip:bob@127.0.0.1>', headers: ['Path: <sip:127.0.0.3;lr>', 'Path: <sip:core.example;lr>', 'Supported: path', 'Contact: <sip:bob@192.0.2.9:5090>;q=1'] }));
    const reg = await t.uac.waitForResponse(200, 'REGISTER');
    assert.equal(reg.msg.header('path'), '<sip:127.0.0.3;lr>,<sip:core.example;lr>', 'path_mode 1 echoes the path vector when the UA supports it');
    actAsUas(t.uas, { invite: [486] });
    invite(t, 'sip:bob@127.0.0.1', 'path-1');
    await t.uac.waitForResponse(486, 'INVITE');
    const [fwd] = t.uas.requests('INVITE');
    assert.ok(fwd !== undefined, 'the INVITE went to the first Path hop');
    assert.equal(fwd.requestUriText, 'sip:bob@192.0.2.9:5090');
    assert.deepEqual(fwd.headerValues('route'), ['<sip:127.0.0.3;lr>,<sip:core.example;lr>']);
  });

  it('path_use_received stores the received parameter of the first Path URI as the contact\'s received (as Kamailio 5.6 shows it)', async () => {
    const t = await start(`
modparam("registrar", "use_path", 1)
modparam("registrar", "path_mode", 0)
modparam("registrar", "path_use_received", 1)
request_route { if (is_method("REGISTER")) { save("location"); exit; } }
`);
    t.uac.send(PROXY, t.uac.request({ method: 'REGISTER', uri: 'sip:127.0.0.1', callId: 'reg-rcv', fromTag: newTag(), from: '<sip:bob@127.0.0.1>', to: '<sip:bob@127.0.0.1>', headers: ['Path: <sip:127.0.0.3;lr;received=sip:10.0.0.7:5070>', 'Supported: path', 'Contact: <sip:bob@192.0.2.9:5060>;expires=60'] }));
    const r = await t.uac.waitForResponse(200, 'REGISTER');
    // (the agent adds a Contact of its own, stored with the same received)
    assert.match(r.msg.header('contact') ?? '', /(^|, )<sip:bob@192\.0\.2\.9:5060>;expires=60;received="sip:10\.0\.0\.7:5070"($|,)/);
    assert.equal(r.msg.header('path'), undefined, 'path_mode 0 never echoes the Path');
  });

  it('path_mode 2 answers 420 with Unsupported: path when the UA does not support path, and stores nothing', async () => {
    const t = await start(`
modparam("registrar", "use_path", 1)
request_route {
  if (is_method("REGISTER")) { save("location"); exit; }
  if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
  t_relay();
}
`);
    t.uac.send(PROXY, t.uac.request({ method: 'REGISTER', uri: 'sip:127.0.0.1', callId: 'reg-420', fromTag: newTag(), from: '<sip:bob@127.0.0.1>', to: '<sip:bob@127.0.0.1>', headers: ['Path: <sip:127.0.0.3;lr>', 'Contact: <sip:bob@192.0.2.9:5090>'] }));
    const r = await t.uac.waitForResponse(420, 'REGISTER');
    assert.equal(r.msg.header('unsupported'), 'path');
    assert.equal(r.msg.header('path'), '<sip:127.0.0.3;lr>');
    assert.equal(r.msg.header('p-registrar-error'), 'No support for found Path indicated');
    invite(t, 'sip:bob@127.0.0.1', 'path-420');
    await t.uac.waitForResponse(404, 'INVITE');
  });
});

describe('tmx: $T_req(pv) and $T_rpl(pv)', () => {
  it('gives the request in onreply_route and the received reply in failure_route, null elsewhere (as Kamailio 5.6)', async () => {
    const t = await start(`
request_route {
  if (is_method("ACK")) { t_relay(); exit; }
  xlog("L_INFO", "req [$T_req($fu)] [$T_rpl($rs)]\\n");
  t_on_reply("R");
  t_on_failure("F");
  t_relay();
}
onreply_route[R] { xlog("L_INFO", "reply $rs [$T_req($hdr(X-Caller))] [$T_req($fu)] [$T_rpl($rs)]\\n"); }
failure_route[F] {
  xlog("L_INFO", "failure [$T_rpl($rs)] [$T_rpl($rr)] [$T_req($ci)]\\n");
  append_hf("X-Failed: $T_rpl($rs) $T_rpl($rr)\\r\\n");
  $du = "sip:127.0.0.4:5060";
  t_relay();
}
`);
    actAsUas(t.uas, { invite: [486] });
    actAsUas(t.uas2, { invite: [200] });
    invite(t, 'sip:a@127.0.0.3', 'treq-1', ['X-Caller: alice-hdr']);
    await t.uac.waitForResponse(200, 'INVITE');
    await t.settle();
    const from = t.uas.requests('INVITE')[0]?.from?.uri.raw ?? '';
    assert.deepEqual(logged(t, /^(req|reply|failure) /), [
      'req [<null>] [<null>]',
      'reply 486 [alice-hdr] [' + from + '] [<null>]',
      'failure [486] [Busy Here] [<null>]',
      'reply 200 [alice-hdr] [' + from + '] [<null>]',
    ]);
    assert.equal(t.uas2.requests('INVITE')[0]?.header('x-failed'), '486 Busy Here');
  });

  it('$T_rpl is null in failure_route after a local timeout (no reply was received)', async () => {
    const t = await start(`
modparam("tm", "fr_timer", 200)
modparam("tm", "fr_inv_timer", 200)
request_route { t_on_failure("F"); t_relay(); }
failure_route[F] { xlog("L_INFO", "failure $T_reply_code [$T_rpl($rs)]\\n"); }
`);
    invite(t, 'sip:a@127.0.0.3', 'trpl-408');
    await t.uac.waitForResponse(408, 'INVITE', 5000);
    assert.deepEqual(logged(t, /^failure /), ['failure 408 [<null>]']);
  });
});
