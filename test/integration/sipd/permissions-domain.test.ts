/**
 * permissions and domain under the real sipd, on a database made by `sipctl db create`
 * (test/fixtures/daemon/permissions-domain.cfg; SQLite always, MariaDB and PostgreSQL under
 * CI=true): rows added with `sipctl address add` / `sipctl domain add` are not seen until
 * `sipctl address reload` / `sipctl domain reload`; then `address dump` and `domain show` list
 * them, kamcmd prints permissions.addressDump, permissions.subnetDump and domain.dump exactly as
 * Kamailio 5.6 did for the same rows (the captures in ../shared/reference/control/binrpc), and
 * allow_source_address / is_from_local answer a UDP OPTIONS from the reloaded tables.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ENGINES, createdTestDb, kamailioDbUrl, type TestDb } from '../../support/db.js';
import { cleanEnv, runProcess, runSipctl, SHARED_REFERENCE } from '../../support/sipctl.js';
import { DAEMON_FIXTURES, options, startSipdOnDb, udpExchange, type RunningSipd } from '../../support/sipd.js';

const KAMCMD = '/usr/sbin/kamcmd';
const FIXTURE = path.join(DAEMON_FIXTURES, 'permissions-domain.cfg');
const CAPTURES = path.join(SHARED_REFERENCE, 'control', 'binrpc');
/** The read-write user's password: the db_url carries it, so it goes into a cfg file, not argv. */
const RW_PW = 'pdrw4test';

/** What the fixture's reply reason says: allow_source_address("1") and is_from_local(). */
async function verdict(s: RunningSipd): Promise<string> {
  const reply = await udpExchange(s.port, options(s.port));
  assert.ok(reply !== null, 'no reply to OPTIONS');
  return /^SIP\/2\.0 200 (.*)\r\n/.exec(reply)?.[1] ?? reply;
}

/** A sipctl command that must succeed, with its stdout. */
async function sipctl(db: TestDb, args: readonly string[]): Promise<string> {
  const r = await runSipctl(args, { env: cleanEnv(db.env), cwd: db.dir });
  assert.equal(r.code, 0, `sipctl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** kamcmd's printout of a method, as the capture files hold it (with the exit status). */
async function kamcmd(s: RunningSipd, method: string): Promise<string> {
  const r = await runProcess(KAMCMD, ['-s', `unix:${s.ctl}`, method], { env: cleanEnv() });
  return `${r.stdout}exit=${String(r.code)}\n`;
}

for (const engine of ENGINES) {
  describe(`permissions and domain reload/dump on ${engine}`, { timeout: 120_000 }, () => {
    it('reloaded rows are dumped as Kamailio dumps them and used by the script', async (t) => {
      const db = await createdTestDb(t, engine, RW_PW);
      if (db === undefined) return;
      const s = await startSipdOnDb(db.dir, kamailioDbUrl(db), FIXTURE);
      t.after(() => s.stop());
      const ctl = ['--ctl', `unix:${s.ctl}`];

      assert.equal(await verdict(s), 'source no local no');
      assert.deepEqual(JSON.parse(await sipctl(db, ['address', 'dump', ...ctl, '--json'])), { addresses: [] });

      // The rows of the Kamailio capture (../shared/reference/control/README.md).
      await sipctl(db, ['address', 'add', '1', '127.0.0.1', '32', '0', 'local-host']);
      await sipctl(db, ['address', 'add', '1', '127.0.0.2', '32', '5060']);
      await sipctl(db, ['address', 'add', '2', '127.0.0.0', '8', '0', 'loopback-net']);
      await sipctl(db, ['domain', 'add', 'example.test']);
      await sipctl(db, ['domain', 'add', '127.0.0.1', '--did', 'local', '--attr', 'flavour=vanilla']);
      assert.equal(await verdict(s), 'source no local no', 'rows are not used before a reload');

      await sipctl(db, ['address', 'reload', ...ctl]);
      await sipctl(db, ['domain', 'reload', ...ctl]);
      assert.equal(await verdict(s), 'source yes local yes');

      const addresses: unknown = JSON.parse(await sipctl(db, ['address', 'dump', ...ctl, '--json']));
      assert.deepEqual(addresses, {
        addresses: [
          { group: 1, ip: '127.0.0.1', mask: 32, port: 0, tag: 'local-host' },
          { group: 1, ip: '127.0.0.2', mask: 32, port: 5060, tag: null },
          { group: 2, ip: '127.0.0.0', mask: 8, port: 0, tag: 'loopback-net' },
        ],
      });
      const domains: unknown = JSON.parse(await sipctl(db, ['domain', 'show', ...ctl, '--json']));
      assert.deepEqual(domains, {
        domains: [
          { domain: '127.0.0.1', did: 'local' },
          { domain: 'example.test', did: 'example.test' },
        ],
        attributes: [{ did: 'local', attrs: ['flavour'] }],
      });

      for (const method of ['permissions.addressDump', 'permissions.subnetDump', 'domain.dump', 'permissions.addressReload', 'domain.reload']) {
        assert.equal(await kamcmd(s, method), fs.readFileSync(path.join(CAPTURES, `${method}.kamcmd.txt`), 'utf8'), method);
      }

      // A removed row is gone after the next reload.
      await sipctl(db, ['address', 'rm', '1', '127.0.0.1']);
      await sipctl(db, ['address', 'reload', ...ctl]);
      assert.equal(await verdict(s), 'source no local yes');
    });
  });
}
