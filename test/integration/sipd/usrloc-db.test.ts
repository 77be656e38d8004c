/**
 * usrloc on the location table of a database made by sipctl, with the real sipd
 * (test/fixtures/daemon/usrloc-db.cfg, db_mode given with -A DBMODE=…) and sipsak REGISTERs:
 *  - db_mode 1: the row is there as soon as the 200 is; an unregister (expires 0) and an
 *    expiry remove it;
 *  - db_mode 2: the row appears at ul.flush or SIGTERM, and a restarted sipd loads it
 *    (lookup finds it; sipctl ul show lists it);
 *  - db_mode 3: nothing in memory (ul show is empty), lookup reads the DB;
 *  - the real Kamailio 5.6 (db_mode 2) loads what sipd saved, and sipd loads what Kamailio
 *    saved.
 * SQLite always; MariaDB and PostgreSQL under CI=true (or when reachable).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Knex } from 'knex';
import { decodeTime } from '../../../src/db/repos/location.js';
import { asRows } from '../../../src/db/rows.js';
import { DB_MODULE, ENGINES, IN_CI, createdTestDb, kamailioDbUrl, type TestDb } from '../../support/db.js';
import { KAMAILIO_MODULES, freeTcpUdpPort, kamailioSkipReason, startKamailio } from '../../support/kamailio.js';
import { cleanEnv, runProcess, runSipctl } from '../../support/sipctl.js';
import { DAEMON_FIXTURES, startSipdOnDb, udpExchange, type RunningSipd } from '../../support/sipd.js';

const SIPSAK = '/usr/bin/sipsak';
const KAMCMD = '/usr/sbin/kamcmd';
const FIXTURE = path.join(DAEMON_FIXTURES, 'usrloc-db.cfg');
/** The read-write user's password: the db_url carries it, so it goes into a cfg file, not argv. */
const RW_PW = 'ulrw4test';

/** sipd on the fixture behind a wrapper that defines the db_url; the rest as -A defines. */
function sipd(db: TestDb, defines: readonly string[]): Promise<RunningSipd> {
  return startSipdOnDb(db.dir, kamailioDbUrl(db), FIXTURE, defines);
}

interface Reg {
  readonly user: string;
  readonly contactPort: number;
  readonly expires: number;
  readonly cseq?: number;
  readonly q?: string;
}

/** Sends a REGISTER with sipsak; returns the final status code. */
async function register(dir: string, port: number, r: Reg): Promise<number> {
  const file = path.join(dir, `reg-${r.user}.sip`);
  const lines = [
    'REGISTER sip:127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 127.0.0.1:${String(r.contactPort)};branch=z9hG4bK-ul-${r.user}-${String(r.cseq ?? 1)};rport`,
    `From: <sip:${r.user}@127.0.0.1>;tag=ul-${r.user}`,
    `To: <sip:${r.user}@127.0.0.1>`,
    `Call-ID: ul-${r.user}@127.0.0.1`,
    `CSeq: ${String(r.cseq ?? 1)} REGISTER`,
    'User-Agent: usrloc-db test',
    'Allow: INVITE, ACK, BYE',
    `Contact: <sip:${r.user}@127.0.0.1:${String(r.contactPort)}>${r.q === undefined ? '' : `;q=${r.q}`}`,
    `Expires: ${String(r.expires)}`,
    'Max-Forwards: 70',
    'Content-Length: 0',
  ];
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n\r\n`);
  const out = await runProcess(SIPSAK, ['-f', file, '-s', `sip:${r.user}@127.0.0.1`, '-p', '127.0.0.1', '-r', String(port), '-H', '127.0.0.1', '-vv'], { timeoutMs: 20_000 });
  const codes = [...`${out.stdout}${out.stderr}`.matchAll(/^\s*SIP\/2\.0 (\d{3}) /gm)].map((m) => Number(m[1]));
  return codes.at(-1) ?? 0;
}

/** The status of a request to user@127.0.0.1: 302 when lookup() finds a contact, 404 if not. */
async function ask(port: number, user: string): Promise<number> {
  const id = `ask-${user}-${String(Date.now())}`;
  const msg = [
    `MESSAGE sip:${user}@127.0.0.1:${String(port)} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK${id};rport`,
    'Max-Forwards: 70',
    `To: <sip:${user}@127.0.0.1>`,
    'From: <sip:tester@127.0.0.1>;tag=t1',
    `Call-ID: ${id}`,
    'CSeq: 1 MESSAGE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const reply = await udpExchange(port, Buffer.from(msg), 3000);
  return Number(/^SIP\/2\.0 (\d{3})/.exec(reply ?? '')?.[1] ?? 0);
}

async function rows(admin: Knex, user: string): Promise<Record<string, unknown>[]> {
  const r: unknown = await admin('location').select('*').where('username', user).orderBy('id');
  return asRows(r).map((x) => ({ ...x }));
}

/** The AoRs and contact addresses `sipctl ul show` lists. */
async function ulShow(ctl: string): Promise<string[]> {
  const r = await runSipctl(['ul', 'show', '--ctl', `unix:${ctl}`, '--json'], { env: cleanEnv() });
  assert.equal(r.code, 0, `ul show: ${r.stderr}${r.stdout}`);
  const parsed: unknown = JSON.parse(r.stdout);
  const records = typeof parsed === 'object' && parsed !== null && 'records' in parsed && Array.isArray(parsed.records) ? (parsed.records as unknown[]) : [];
  const out: string[] = [];
  for (const rec of records) {
    if (typeof rec !== 'object' || rec === null || !('aor' in rec) || !('contacts' in rec) || !Array.isArray(rec.contacts)) continue;
    for (const c of rec.contacts as unknown[]) if (typeof c === 'object' && c !== null && 'address' in c) out.push(`${String(rec.aor)} ${String(c.address)}`);
  }
  return out.sort();
}

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function need(t: TestContext, file: string): boolean {
  if (fs.existsSync(file)) return true;
  if (IN_CI) throw new Error(`CI needs ${file}`);
  t.skip(`${file} is not installed`);
  return false;
}

for (const engine of ENGINES) {
  describe(`usrloc db_mode 1, 2, 3 on ${engine}`, { timeout: 240_000 }, () => {
    it('db_mode 1 writes through: the row at once, gone on unregister and on expiry', async (t) => {
      if (!need(t, SIPSAK)) return;
      const db = await createdTestDb(t, engine, RW_PW);
      if (db === undefined) return;
      const admin = await db.admin();
      const s = await sipd(db, ['DBMODE=1', 'TIMER=1']);
      try {
        const before = Date.now();
        assert.equal(await register(db.dir, s.port, { user: 'alice', contactPort: 5071, expires: 600, q: '0.5' }), 200);
        const [row, ...more] = await rows(admin, 'alice');
        assert.ok(row !== undefined, 'no row after the 200');
        assert.equal(more.length, 0);
        assert.equal(row['contact'], 'sip:alice@127.0.0.1:5071');
        assert.equal(row['domain'], null);
        assert.equal(Number(row['q']), 0.5);
        assert.equal(row['callid'], 'ul-alice@127.0.0.1');
        assert.equal(Number(row['cseq']), 1);
        assert.equal(row['user_agent'], 'usrloc-db test');
        assert.equal(row['socket'], `udp:127.0.0.1:${String(s.port)}`);
        assert.equal(Number(row['methods']), 1 | 4 | 8);
        assert.equal(Number(row['connection_id']), -1);
        assert.equal(row['received'], null);
        assert.match(String(row['ruid']), /^uloc-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+$/);
        const expires = decodeTime(row['expires']);
        assert.ok(Math.abs(expires - (before + 600_000)) < 5_000, `expires ${String(row['expires'])}`);
        if (engine === 'sqlite') assert.equal(typeof row['expires'], 'number', 'db_sqlite stores datetimes as Julian days');

        assert.equal(await register(db.dir, s.port, { user: 'alice', contactPort: 5071, expires: 0, cseq: 2 }), 200);
        assert.deepEqual(await rows(admin, 'alice'), []);

        assert.equal(await register(db.dir, s.port, { user: 'bob', contactPort: 5072, expires: 2 }), 200);
        assert.equal((await rows(admin, 'bob')).length, 1);
        await until('the expired row to go', async () => (await rows(admin, 'bob')).length === 0);
        assert.equal(await ask(s.port, 'bob'), 404);
        assert.doesNotMatch(s.stderr(), new RegExp(RW_PW), 'the db_url password is in the log');
      } finally {
        await s.stop();
      }
    });

    it('db_mode 2 writes back at ul.flush and SIGTERM; a restart loads the contacts', async (t) => {
      if (!need(t, SIPSAK)) return;
      const db = await createdTestDb(t, engine, RW_PW);
      if (db === undefined) return;
      const admin = await db.admin();
      let s = await sipd(db, ['DBMODE=2']);
      try {
        assert.equal(await register(db.dir, s.port, { user: 'alice', contactPort: 5071, expires: 600 }), 200);
        assert.equal(await register(db.dir, s.port, { user: 'carol', contactPort: 5073, expires: 600 }), 200);
        assert.deepEqual(await rows(admin, 'alice'), [], 'written before the timer');
        const flushed = await runSipctl(['rpc', 'ul.flush', '--ctl', `unix:${s.ctl}`], { env: cleanEnv() });
        assert.equal(flushed.code, 0, flushed.stderr);
        assert.equal((await rows(admin, 'alice')).length, 1);
        assert.equal(await register(db.dir, s.port, { user: 'carol', contactPort: 5073, expires: 0, cseq: 2 }), 200);
        assert.equal(await register(db.dir, s.port, { user: 'dave', contactPort: 5074, expires: 600 }), 200);
        assert.equal((await rows(admin, 'carol')).length, 1, 'deleted before the flush');
      } finally {
        assert.equal(await s.stop(), 0);
      }
      assert.equal((await rows(admin, 'carol')).length, 0);
      assert.equal((await rows(admin, 'dave')).length, 1);

      s = await sipd(db, ['DBMODE=2']);
      try {
        assert.deepEqual(await ulShow(s.ctl), ['alice sip:alice@127.0.0.1:5071', 'dave sip:dave@127.0.0.1:5074']);
        assert.equal(await ask(s.port, 'alice'), 302);
        assert.equal(await ask(s.port, 'carol'), 404);
      } finally {
        await s.stop();
      }
    });

    it('db_mode 3 keeps nothing in memory: lookup reads the DB', async (t) => {
      if (!need(t, SIPSAK)) return;
      const db = await createdTestDb(t, engine, RW_PW);
      if (db === undefined) return;
      const admin = await db.admin();
      const s = await sipd(db, ['DBMODE=3']);
      try {
        assert.equal(await register(db.dir, s.port, { user: 'alice', contactPort: 5071, expires: 600 }), 200);
        assert.equal((await rows(admin, 'alice')).length, 1);
        assert.deepEqual(await ulShow(s.ctl), [], 'db_mode 3 has no memory cache');
        assert.equal(await ask(s.port, 'alice'), 302);
        // A row another server wrote is found; one it deleted is gone.
        const [row] = await rows(admin, 'alice');
        assert.ok(row !== undefined);
        await admin('location').insert({ ...row, id: undefined, ruid: 'other-node-1', username: 'erin', contact: 'sip:erin@127.0.0.1:5075' });
        assert.equal(await ask(s.port, 'erin'), 302);
        await admin('location').where('username', 'alice').delete();
        assert.equal(await ask(s.port, 'alice'), 404);
        // Registering again after the delete inserts a new row; expires 0 removes it.
        assert.equal(await register(db.dir, s.port, { user: 'alice', contactPort: 5071, expires: 600, cseq: 2 }), 200);
        assert.equal((await rows(admin, 'alice')).length, 1);
        assert.equal(await register(db.dir, s.port, { user: 'alice', contactPort: 5071, expires: 0, cseq: 3 }), 200);
        assert.deepEqual(await rows(admin, 'alice'), []);
      } finally {
        await s.stop();
      }
    });

    it('Kamailio 5.6 (db_mode 2) loads what sipd saved, and sipd loads what Kamailio saved', async (t) => {
      if (!need(t, SIPSAK) || !need(t, KAMCMD)) return;
      const skip = kamailioSkipReason();
      if (skip !== undefined) {
        t.skip(skip);
        return;
      }
      const db = await createdTestDb(t, engine, RW_PW);
      if (db === undefined) return;
      const s = await sipd(db, ['DBMODE=2']);
      try {
        assert.equal(await register(db.dir, s.port, { user: 'alice', contactPort: 5071, expires: 600, q: '0.7' }), 200);
      } finally {
        await s.stop();
      }

      const port = await freeTcpUdpPort();
      const k = await startKamailio({
        cfg: (dir) =>
          `#!define DBURL "${kamailioDbUrl(db)}"\n#!define PORT ${String(port)}\n#!define CTL "unix:${dir}/kam_ctl"\nmpath="${KAMAILIO_MODULES}/"\nloadmodule "${DB_MODULE[engine]}.so"\ninclude_file "${FIXTURE}"\n`,
        waitFor: { paths: ['kam_ctl'] },
        prefix: 'sipd-usrloc-kamailio-',
      });
      try {
        const lookup = await runProcess(KAMCMD, ['-s', `unix:${k.dir}/kam_ctl`, 'ul.lookup', 'location', 'alice'], { timeoutMs: 10_000 });
        assert.equal(lookup.code, 0, `${lookup.stderr}${lookup.stdout}\n${k.stderr().slice(-3000)}`);
        assert.match(lookup.stdout, /Address: sip:alice@127\.0\.0\.1:5071/);
        assert.match(lookup.stdout, /Q: 0\.70/);
        assert.match(lookup.stdout, /User-Agent: usrloc-db test/);
        await until('Kamailio to answer', async () => (await ask(port, 'alice')) !== 0);
        assert.equal(await ask(port, 'alice'), 302);
        assert.equal(await register(db.dir, port, { user: 'frank', contactPort: 5076, expires: 600, q: '0.2' }), 200);
      } finally {
        await k.stop();
      }
      assert.doesNotMatch(k.stderr(), /ERROR: usrloc|ERROR: db_/, k.stderr().slice(-3000));

      const again = await sipd(db, ['DBMODE=2']);
      try {
        assert.deepEqual(await ulShow(again.ctl), ['alice sip:alice@127.0.0.1:5071', 'frank sip:frank@127.0.0.1:5076']);
        assert.equal(await ask(again.port, 'frank'), 302);
        const r = await runSipctl(['ul', 'show', 'frank', '--ctl', `unix:${again.ctl}`, '--json'], { env: cleanEnv() });
        assert.match(r.stdout, /"q":\s*0\.2\b/);
      } finally {
        await again.stop();
      }
    });
  });
}
