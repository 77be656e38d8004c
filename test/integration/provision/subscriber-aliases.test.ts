/**
 * ALIASES_TYPE on add, against the real sipd: with UL the new name is looked up in the server's
 * usrloc table `aliases` (ul.lookup), an alias registered there (sipctl ul add --table aliases)
 * refuses the add, another name is accepted, and an unreachable server stops the add with the
 * control URL in the message and nothing written. With DB (and unset) dbaliases decides.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../../support/db.js';
import { startSipd, type RunningSipd } from '../../support/sipd.js';
import { provisionDb } from './provision-db.js';

/** usrloc with an `aliases` domain next to `location`, and user@domain AoRs as kamctl sends them. */
const CFG = `#!KAMAILIO
#!ifndef PORT
#!define PORT 5060
#!endif
debug=0
log_stderror=yes
listen=udp:127.0.0.1:PORT
loadmodule "sl.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "ctl.so"
modparam("usrloc", "use_domain", 1)
modparam("usrloc", "preload", "location")
modparam("usrloc", "preload", "aliases")
request_route {
	if (is_method("OPTIONS")) { sl_send_reply("200", "OK"); exit; }
	sl_send_reply("404", "Not here");
}
`;

describe('add with ALIASES_TYPE', () => {
  let cfgDir = '';
  let sipd: RunningSipd | undefined;

  before(async () => {
    cfgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-aliases-'));
    const cfg = path.join(cfgDir, 'aliases.cfg');
    fs.writeFileSync(cfg, CFG);
    sipd = await startSipd(cfg);
  });

  after(async () => {
    await sipd?.stop();
    fs.rmSync(cfgDir, { recursive: true, force: true });
  });

  for (const engine of ENGINES) {
    it(`UL asks the running server, DB reads dbaliases (${engine})`, async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined || sipd === undefined) return;
      const ul = { ALIASES_TYPE: 'UL', CTLURL: `unix:${sipd.ctl}` };
      const alias = `alias-${engine}`;
      const registered = await p.run(['ul', 'add', `${alias}@example.com`, 'sip:owner@127.0.0.1:5090', '--table', 'aliases', '--json'], { env: ul });
      assert.equal(registered.code, 0, registered.stderr + registered.stdout);

      assert.match(await expectAddError(p, alias, ul, 'E_EXISTS', 20), /alias in the server's usrloc table aliases/);
      assert.equal((await p.rows('subscriber', { username: alias })).length, 0);
      // The same name in another domain, and another name, are no aliases.
      await p.json(['add', `${alias}@other.org`, 'pw'], { env: ul });
      await p.json(['add', `owner-${engine}`, 'pw'], { env: ul });
      assert.equal((await p.rows('subscriber', { username: `owner-${engine}` })).length, 1);
      // ALS_TABLE names the usrloc table: location holds no such AoR.
      await p.json(['add', alias, 'pw', '--quiet'], { env: { ...ul, ALS_TABLE: 'location' } });
      await p.json(['rm', alias, '--no-ul']);

      // No server behind the control URL: a clear error naming it, exit 30, nothing written.
      const dead = `unix:${path.join(p.db.dir, 'no-server.sock')}`;
      const down = await expectAddError(p, 'nobody', { ALIASES_TYPE: 'UL', CTLURL: dead }, 'E_RPC_CONNECT', 30);
      assert.ok(down.includes(dead), down);
      assert.match(down, /ALIASES_TYPE=UL/);
      const flagged = await p.run(['add', 'nobody', 'pw', '--ctl', dead], { env: { ALIASES_TYPE: 'UL' } });
      assert.equal(flagged.code, 30, flagged.stdout);
      assert.ok(flagged.stderr.includes(dead), flagged.stderr);
      assert.equal((await p.rows('subscriber', { username: 'nobody' })).length, 0);

      // DB (and unset) ignore usrloc and look in dbaliases.
      await p.json(['add', 'target', 'pw']);
      await p.json(['alias_db', 'add', 'dbalias', 'target']);
      await expectAddError(p, 'dbalias', { ALIASES_TYPE: 'DB', CTLURL: dead }, 'E_EXISTS', 20);
      await expectAddError(p, 'dbalias', { CTLURL: dead }, 'E_EXISTS', 20);
      await p.json(['add', alias, 'pw'], { env: { ALIASES_TYPE: 'DB', CTLURL: dead } });
      await expectAddError(p, 'x', { ALIASES_TYPE: 'LDAP' }, 'E_RC_VALUE', 3);
    });
  }
});

async function expectAddError(p: NonNullable<Awaited<ReturnType<typeof provisionDb>>>, user: string, env: Readonly<Record<string, string>>, code: string, exitCode: number): Promise<string> {
  const r = await p.run(['add', user, 'pw', '--json'], { env });
  assert.equal(r.code, exitCode, `add ${user}: exit ${String(r.code)}\n${r.stdout}${r.stderr}`);
  const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
  assert.equal(doc.error.code, code, doc.error.message);
  return doc.error.message;
}
