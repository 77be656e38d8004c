/**
 * A real Kamailio 5.6 (auth_db, registrar, usrloc) on a SQLite database that only sipctl
 * provisioned authenticates a subscriber that sipctl added: sipsak registers with digest
 * auth and gets 200 OK, and with a wrong password Kamailio keeps answering 401. A password
 * changed with sipctl passwd works at once (auth_db reads the row per request), and so does
 * one that kamctl could not hash (a space and a quote). sipctl rm removes the registrations
 * from the server over its BINRPC socket (ul.rm), and the account can no longer register.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeTcpUdpPort, kamailioCfg, skipWithoutKamailio, startKamailio } from '../../support/kamailio.js';
import { runProcess } from '../../support/sipctl.js';
import { provisionDb } from './provision-db.js';

const SIPSAK = '/usr/bin/sipsak';
const DOMAIN = 'localhost';

function cfg(dbPath: string, port: number, dir: string): string {
  return kamailioCfg({
    listen: [`udp:127.0.0.1:${String(port)}`],
    modules: ['db_sqlite', 'ctl', 'kex', 'tm', 'sl', 'maxfwd', 'textops', 'siputils', 'pv', 'xlog', 'usrloc', 'registrar', 'auth', 'auth_db'],
    modparams: {
      auth_db: { db_url: `sqlite:///${dbPath}`, calculate_ha1: 0, password_column: 'ha1' },
      usrloc: { db_mode: 0 },
      ctl: { binrpc: `unix:${dir}/run/kamailio_ctl` },
    },
    routes: `request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (is_method("REGISTER")) {
    if (!www_authorize("$td", "subscriber")) {
      www_challenge("$td", "0");
      exit;
    }
    if (!save("location")) sl_reply_error();
    xlog("L_NOTICE", "REGISTERED $tu\\n");
    exit;
  }
  sl_send_reply("200", "OK");
}
`,
  });
}

/** One REGISTER through sipsak; its exit code is 0 only on a 2xx final reply. */
async function register(port: number, user: string, password: string): Promise<{ code: number; out: string }> {
  // sipsak resolves the domain of -s even with an outbound proxy (-p), so the domain is localhost.
  return runProcess(SIPSAK, ['-U', '-i', '-C', `sip:${user}@127.0.0.1:5999`, '-s', `sip:${user}@${DOMAIN}`, '-u', user, '-a', password, '-p', '127.0.0.1', '-r', String(port), '-H', '127.0.0.1', '-vvv'], { timeoutMs: 20_000 }).then((r) => ({ code: r.code, out: `${r.stdout}${r.stderr}` }));
}

describe('Kamailio authenticates subscribers that sipctl added', () => {
  it('registers with the right password and is refused with a wrong one', async (t) => {
    if (skipWithoutKamailio(t)) return;
    const p = await provisionDb(t, 'sqlite');
    if (p === undefined) return;
    await p.json(['subscriber', 'add', `alice@${DOMAIN}`, 'correct horse']);
    await p.json(['add', 'subscriber', `bob@${DOMAIN}`, `it's a #pw`]);
    const port = await freeTcpUdpPort();
    const k = await startKamailio({ cfg: (dir) => cfg(p.db.env['DB_PATH'] ?? '', port, dir), waitFor: { paths: ['run/kamailio_ctl'] } });
    const ctl = `unix:${k.runDir}/kamailio_ctl`;
    t.after(() => k.stop());

    // Kamailio forks its UDP receivers after start: the first REGISTER may go unanswered.
    let ok = await register(port, 'alice', 'correct horse');
    for (let i = 0; i < 5 && ok.code !== 0; i++) ok = await register(port, 'alice', 'correct horse');
    assert.equal(ok.code, 0, `sipsak with the right password:\n${ok.out}\n${k.stderr().slice(-3000)}`);
    assert.match(ok.out, /SIP\/2\.0 200/);
    assert.match(k.stderr(), /REGISTERED sip:alice@localhost/);

    const wrong = await register(port, 'alice', 'wrong horse');
    assert.notEqual(wrong.code, 0, `sipsak with a wrong password succeeded:\n${wrong.out}`);
    assert.match(wrong.out, /SIP\/2\.0 40[13]/);
    assert.doesNotMatch(wrong.out, /SIP\/2\.0 200/);

    const odd = await register(port, 'bob', `it's a #pw`);
    assert.equal(odd.code, 0, `sipsak for bob:\n${odd.out}`);

    await p.json(['subscriber', 'passwd', `alice@${DOMAIN}`, '--password-stdin'], { input: 'new horse' });
    const old = await register(port, 'alice', 'correct horse');
    assert.notEqual(old.code, 0, 'the old password still works');
    const changed = await register(port, 'alice', 'new horse');
    assert.equal(changed.code, 0, `sipsak with the changed password:\n${changed.out}`);

    // rm removes the registrations from the running server over its control socket.
    assert.equal((await p.run(['ul', 'show', `alice@${DOMAIN}`, '--ctl', ctl])).code, 0, 'alice is not registered');
    const removed = await p.json(['rm', `alice@${DOMAIN}`, '--ctl', ctl]);
    assert.equal((removed['registrations'] as { status: string }).status, 'removed', JSON.stringify(removed));
    assert.equal((await p.run(['ul', 'show', `alice@${DOMAIN}`, '--ctl', ctl])).code, 21, 'alice is still registered after rm');
    const gone = await register(port, 'alice', 'new horse');
    assert.notEqual(gone.code, 0, 'a removed subscriber registered');
  });
});
