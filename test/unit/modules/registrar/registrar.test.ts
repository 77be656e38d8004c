import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Usrloc } from '../../../../src/modules/usrloc/index.js';
import { engine, onlyReply, request, type Engine } from '../engine-harness.js';

const CFG = `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
modparam("usrloc", "timer_interval", 10)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "max_contacts", 3)
request_route {
  if (is_method("REGISTER")) {
    save("location");
    $var(save) = $rc;
    if ($var(save) < 0) { sl_reply_error(); }
    exit;
  }
  if (!lookup("location")) {
    $var(rc) = $rc;
    switch ($var(rc)) {
      case -1:
      case -3:
        sl_send_reply("404", "Not Found");
        exit;
      case -2:
        sl_send_reply("405", "Method Not Allowed");
        exit;
    }
  }
  forward();
}
`;

function register(contact: string | null, opts: { expires?: number; cseq?: number; callId?: string } = {}): string {
  const extra: string[] = [];
  if (contact !== null) extra.push(`Contact: ${contact}`);
  if (opts.expires !== undefined) extra.push(`Expires: ${String(opts.expires)}`);
  return request('REGISTER', 'sip:127.0.0.1', extra, { cseq: opts.cseq ?? 1, ...(opts.callId === undefined ? {} : { callId: opts.callId }) });
}

function location(e: Engine): Usrloc {
  const ul = e.registry.instance('usrloc')?.api;
  assert.ok(ul instanceof Usrloc);
  return ul;
}

describe('registrar + usrloc', () => {
  it('adds a binding and answers 200 with it and its expires; save returns 1', async () => {
    const e = await engine(CFG);
    const { ctx } = await e.send(register('<sip:alice@192.0.2.10:5070>;q=0.5', { expires: 600 }));
    const r = onlyReply(e);
    assert.equal(r.status, 200);
    assert.equal(r.header('contact'), '<sip:alice@192.0.2.10:5070>;q=0.5;expires=600');
    assert.equal(ctx.worker.vars.get('save'), 1);
    assert.equal(location(e).find('location')?.lookup('alice').length, 1);
  });

  it('refresh updates (2), caps at max_expires, raises to min_expires, and wildcard removes all (3)', async () => {
    const e = await engine(CFG);
    await e.send(register('<sip:alice@192.0.2.10:5070>', { expires: 600 }));
    e.takeReplies();
    const refresh = await e.send(register('<sip:alice@192.0.2.10:5070>', { expires: 99999, cseq: 2 }));
    assert.equal(refresh.ctx.worker.vars.get('save'), 2);
    assert.equal(onlyReply(e).header('contact'), '<sip:alice@192.0.2.10:5070>;expires=3600');
    await e.send(register('<sip:alice@192.0.2.11>', { expires: 5, cseq: 3 }));
    assert.match(onlyReply(e).header('contact') ?? '', /<sip:alice@192\.0\.2\.11>;expires=60/);
    const wild = await e.send(register('*', { expires: 0, cseq: 4 }));
    assert.equal(wild.ctx.worker.vars.get('save'), 3);
    const r = onlyReply(e);
    assert.equal(r.status, 200);
    assert.equal(r.header('contact'), undefined);
    assert.equal(location(e).find('location')?.lookup('alice').length, 0);
  });

  it('removes one binding with expires=0 and answers a query (4) with the rest', async () => {
    const e = await engine(CFG);
    await e.send(register('<sip:alice@192.0.2.10:5070>, <sip:alice@192.0.2.12>;q=1', { expires: 300 }));
    e.takeReplies();
    const del = await e.send(register('<sip:alice@192.0.2.10:5070>;expires=0', { cseq: 2 }));
    assert.equal(del.ctx.worker.vars.get('save'), 3);
    e.takeReplies();
    const query = await e.send(register(null, { cseq: 3 }));
    assert.equal(query.ctx.worker.vars.get('save'), 4);
    assert.equal(onlyReply(e).header('contact'), '<sip:alice@192.0.2.12>;q=1.0;expires=300');
  });

  it('rejects * with a non-zero Expires: 400 with P-Registrar-Error, then sl_reply_error 500 carrying it too', async () => {
    const e = await engine(CFG);
    await e.send(register('*', { expires: 60 }));
    const [first, second] = e.takeReplies();
    assert.equal(first?.status, 400);
    assert.equal(first.header('p-registrar-error'), '* used in contact and expires is not zero');
    assert.equal(second?.status, 500);
    assert.equal(second.header('p-registrar-error'), '* used in contact and expires is not zero');
  });

  it('rejects an invalid q with 400, and more than max_contacts with 503 (save returns -2)', async () => {
    const e = await engine(CFG);
    await e.send(register('<sip:alice@192.0.2.10>;q=7'));
    assert.equal(e.takeReplies()[0]?.header('p-registrar-error'), 'Invalid q param in contact');
    const many = await e.send(register('<sip:a@192.0.2.1>, <sip:b@192.0.2.2>, <sip:c@192.0.2.3>, <sip:d@192.0.2.4>', { expires: 60, cseq: 2 }));
    assert.equal(e.takeReplies()[0]?.status, 503);
    assert.equal(e.worker.vars.get('save'), -2);
    assert.equal(many.ctx.rc, 1, 'sl_reply_error overwrote $rc');
    assert.equal(location(e).find('location')?.lookup('alice').length, 0);
  });

  it('expires bindings on the usrloc timer through the injected clock', async () => {
    const e = await engine(CFG);
    await e.send(register('<sip:alice@192.0.2.10:5070>', { expires: 60 }));
    e.takeReplies();
    const table = location(e).find('location');
    e.clock.advance(59_000);
    assert.equal(table?.contacts(), 1);
    e.clock.advance(11_000);
    assert.equal(table.contacts(), 0);
    assert.equal(e.registry.stats.get('usrloc', 'location_expires')?.value, 1);
  });

  it('lookup sets $ru to the highest-q contact and adds the others as branches; unknown users get 404', async () => {
    const e = await engine(CFG);
    await e.send(register('<sip:alice@192.0.2.10:5070>;q=0.5, <sip:alice@192.0.2.20:5080>;q=0.9', { expires: 600 }));
    e.takeReplies();
    const { ctx } = await e.send(request('INVITE', 'sip:alice@127.0.0.1', [], { callId: 'call-2' }));
    assert.equal(ctx.request?.requestUriText, 'sip:alice@192.0.2.20:5080');
    assert.deepEqual(ctx.branches.map((b) => b.uri), ['sip:alice@192.0.2.10:5070']);
    const fwd = e.core.forwarded[0];
    assert.equal(fwd?.to.to.address, '192.0.2.20');
    assert.equal(fwd.to.to.port, 5080);
    assert.match(fwd.request.header('via') ?? '', /^SIP\/2\.0\/UDP 127\.0\.0\.1:5060;branch=z9hG4bK/);
    await e.send(request('INVITE', 'sip:bob@127.0.0.1', [], { callId: 'call-3' }));
    assert.equal(onlyReply(e).status, 404);
  });

  it('lookup returns -2 (405 here) when method_filtering leaves no contact', async () => {
    const e = await engine(CFG.replace('modparam("registrar", "max_contacts", 3)', 'modparam("registrar", "method_filtering", 1)'));
    await e.send(request('REGISTER', 'sip:127.0.0.1', ['Contact: <sip:alice@192.0.2.10>', 'Allow: INVITE, ACK, BYE']));
    e.takeReplies();
    await e.send(request('MESSAGE', 'sip:alice@127.0.0.1'));
    assert.equal(onlyReply(e).status, 405);
  });
});
