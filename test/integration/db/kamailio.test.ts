/**
 * The two halves of the database contract with the real Kamailio 5.6:
 *  - Kamailio runs on a database that only `sipctl db create --all` made: its DB modules
 *    accept every table version, read the rows they cache, query and write the tables
 *    while handling a request, and usrloc (db_mode 2) flushes its contacts on shutdown;
 *  - `sipctl db status` accepts a database that the real `kamdbctl create` made.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Knex } from 'knex';
import { rawRows } from '../../../src/db/rows.js';
import { ENGINES, IN_CI, testDb, type TestDb, type TestEngine } from '../../support/db.js';
import { freePort, kamailioCfg, skipWithoutKamailio, startKamailio, type RunningKamailio } from '../../support/kamailio.js';
import { cleanEnv, runProcess, runSipctl, type RunResult } from '../../support/sipctl.js';
import { compareWithReference, describeDifferences, readCatalog } from './live-catalog.js';
import { loadReference } from './reference-schema.js';

const KAMCMD = '/usr/sbin/kamcmd';
const KAMDBCTL = '/usr/sbin/kamdbctl';
const SQLITE_UID_SCRIPTS = '/usr/share/kamailio/db_sqlite';
const UID_MODULES = ['uid_auth_db', 'uid_avp_db', 'uid_domain', 'uid_gflags', 'uid_uri_db'];

/** Passwords that need no escaping inside a db_url. */
const RW_PW = 'kamrw4test';
const RO_PW = 'kamro4test';

function skipWithout(t: TestContext, file: string, what: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return false;
  } catch {
    if (IN_CI) throw new Error(`CI needs ${what}: ${file} is not installed`);
    t.skip(`${file} is not installed`);
    return true;
  }
}

function dbUrl(db: TestDb, env: Readonly<Record<string, string>>): string {
  const user = env['DBRWUSER'] ?? '';
  switch (db.engine) {
    case 'mysql':
      return `mysql://${user}:${RW_PW}@127.0.0.1/${db.name}`;
    case 'pgsql':
      return `postgres://${user}:${RW_PW}@127.0.0.1/${db.name}`;
    case 'sqlite':
      // db_sqlite drops the slash after "sqlite://", so an absolute path needs four slashes.
      return `sqlite:///${env['DB_PATH'] ?? ''}`;
  }
}

const DB_MODULE: Readonly<Record<TestEngine, string>> = { mysql: 'db_mysql', pgsql: 'db_postgres', sqlite: 'db_sqlite' };

/**
 * Loads every DB-backed module of the brief on the test database. The OPTIONS route makes
 * each one touch its tables and logs "DBCHECK <module>" when the row the test put there was
 * found; acc writes a row.
 */
function cfg(engine: TestEngine, url: string, sipPort: number, dir: string): string {
  return kamailioCfg({
    listen: [`udp:127.0.0.1:${sipPort}`],
    modules: [DB_MODULE[engine], 'kex', 'corex', 'tm', 'sl', 'rr', 'pv', 'maxfwd', 'textops', 'siputils', 'xlog', 'ctl', 'auth', 'auth_db', 'usrloc', 'registrar', 'permissions', 'dispatcher', 'alias_db', 'domain', 'group', 'speeddial', 'dialplan', 'acc'],
    modparams: {
      ctl: { binrpc: `unix:${dir}/run/kamailio_ctl` },
      auth_db: { db_url: url, load_credentials: '$avp(ha1)=ha1' },
      usrloc: { db_url: url, db_mode: 2 },
      permissions: { db_url: url, db_mode: 1 },
      dispatcher: { db_url: url },
      alias_db: { db_url: url },
      domain: { db_url: url },
      group: { db_url: url },
      speeddial: { db_url: url },
      dialplan: { db_url: url },
      acc: { db_url: url },
    },
    routes: `request_route {
  if (!is_method("OPTIONS")) {
    sl_send_reply("405", "Method Not Allowed");
    exit;
  }
  if (is_subscriber("$fu", "subscriber", "1") && $avp(ha1) == "${'a'.repeat(32)}") xlog("L_NOTICE", "DBCHECK auth_db\\n");
  if (is_user_in("From", "voip")) xlog("L_NOTICE", "DBCHECK group\\n");
  if (is_domain_local("$fd")) xlog("L_NOTICE", "DBCHECK domain\\n");
  if (allow_source_address("1")) xlog("L_NOTICE", "DBCHECK permissions\\n");
  if (dp_translate("1", "$fU/$var(dp)") && $var(dp) == "alice-dp") xlog("L_NOTICE", "DBCHECK dialplan\\n");
  if (ds_select_dst("1", "0") && $du == "sip:127.0.0.1:5999") xlog("L_NOTICE", "DBCHECK dispatcher\\n");
  $var(ru) = $ru;
  $ru = "sip:7@example.test";
  if (sd_lookup("speed_dial") && $ru == "sip:carol@example.test") xlog("L_NOTICE", "DBCHECK speeddial\\n");
  $ru = $var(ru);
  if (alias_db_lookup("dbaliases") && $rU == "alice") xlog("L_NOTICE", "DBCHECK alias_db\\n");
  if (lookup("location")) xlog("L_NOTICE", "DBCHECK usrloc\\n");
  acc_db_request("200 OK", "acc");
  sl_send_reply("200", "OK");
}
`,
  });
}

const EXPECTED_CHECKS = ['auth_db', 'group', 'domain', 'permissions', 'dialplan', 'dispatcher', 'speeddial', 'alias_db', 'usrloc'];

/** Rows for each module to find; inserted by the administrator before Kamailio starts. */
async function seed(admin: Knex): Promise<void> {
  await admin('subscriber').insert({ username: 'alice', domain: 'example.test', password: '', ha1: 'a'.repeat(32), ha1b: 'b'.repeat(32) });
  await admin('grp').insert({ username: 'alice', domain: 'example.test', grp: 'voip' });
  await admin('domain').insert({ domain: 'example.test' });
  await admin('address').insert({ grp: 1, ip_addr: '127.0.0.1', mask: 32, port: 0 });
  await admin('dialplan').insert({ dpid: 1, pr: 0, match_op: 1, match_exp: '^alice$', match_len: 0, subst_exp: '^alice$', repl_exp: 'alice-dp', attrs: '' });
  await admin('dispatcher').insert({ setid: 1, destination: 'sip:127.0.0.1:5999' });
  await admin('speed_dial').insert({ username: 'alice', domain: 'example.test', sd_username: '7', sd_domain: 'example.test', new_uri: 'sip:carol@example.test' });
  await admin('dbaliases').insert({ alias_username: 'bob', alias_domain: 'example.test', username: 'alice', domain: 'example.test' });
}

/** Sends an OPTIONS to Kamailio until it answers (at most 20 tries, 250 ms apart); returns the status line. */
async function options(sipPort: number): Promise<string> {
  const socket = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', resolve);
    });
    const local = socket.address().port;
    const reply = new Promise<string>((resolve) => {
      socket.on('message', (msg) => {
        resolve(msg.toString('utf8').split('\r\n')[0] ?? '');
      });
    });
    const request = [
      `OPTIONS sip:bob@example.test SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-dbcheck-${local};rport`,
      'From: <sip:alice@example.test>;tag=from1',
      'To: <sip:bob@example.test>;tag=to1',
      `Call-ID: dbcheck-${local}@127.0.0.1`,
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    for (let i = 0; i < 20; i++) {
      socket.send(request, sipPort, '127.0.0.1');
      const got = await Promise.race([
        reply,
        new Promise<undefined>((resolve) => {
          setTimeout(() => {
            resolve(undefined);
          }, 250);
        }),
      ]);
      if (got !== undefined) return got;
    }
    throw new Error(`no answer to OPTIONS on 127.0.0.1:${sipPort}`);
  } finally {
    socket.close();
  }
}

/** Log lines that show an error, or a table Kamailio does not accept. */
function badLogLines(log: string): string[] {
  return log.split('\n').filter((l) => /\b(?:ERROR|CRITICAL|BUG)\b/.test(l) || /table version|invalid version|invalid table|no such (?:table|column)|unknown column/i.test(l));
}

async function kamcmd(k: RunningKamailio, ...args: string[]): Promise<string> {
  const r = await runProcess(KAMCMD, ['-s', `unix:${k.runDir}/kamailio_ctl`, ...args], { timeoutMs: 10_000 });
  assert.equal(r.code, 0, `kamcmd ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function rows(result: unknown): Record<string, unknown>[] {
  return rawRows(result).map((r) => ({ ...r }));
}

describe('the real Kamailio 5.6 runs on a database made by sipctl db create --all', () => {
  for (const engine of ENGINES) {
    it(engine, async (t) => {
      if (skipWithoutKamailio(t)) return;
      if (skipWithout(t, KAMCMD, 'kamcmd')) return;
      const db = await testDb(t, engine);
      if (db === undefined) return;
      let kamailio: RunningKamailio | undefined;
      try {
        const env = { ...db.env, DBRWPW: RW_PW, DBROPW: RO_PW };
        const created = await runSipctl(['db', 'create', '--all', '--yes'], { env: cleanEnv(env), cwd: db.dir });
        assert.equal(created.code, 0, created.stderr);
        const admin = await db.admin();
        await seed(admin);

        const sipPort = await freePort('udp');
        const url = dbUrl(db, env);
        kamailio = await startKamailio({ cfg: (dir) => cfg(engine, url, sipPort, dir), waitFor: { paths: ['run/kamailio_ctl'] }, prefix: `sipctl-kam-${engine}-` });
        const k = kamailio;

        // Read at start-up from the tables into Kamailio's caches.
        assert.match(await kamcmd(k, 'dispatcher.list'), /sip:127\.0\.0\.1:5999/);
        assert.match(await kamcmd(k, 'permissions.addressDump'), /127\.0\.0\.1/);
        assert.match(await kamcmd(k, 'domain.dump'), /example\.test/);
        assert.match(await kamcmd(k, 'dialplan.dump', '1'), /alice-dp/);
        await kamcmd(k, 'ul.add', 'location', 'alice', 'sip:alice@127.0.0.1:5098', '3600', '1.0', '.', '0', '0', '4294967295');

        // Each module queries its table while routing a request.
        assert.equal(await options(sipPort), 'SIP/2.0 200 OK');
        // Stays up: still answering a moment later.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.match(await kamcmd(k, 'core.uptime'), /uptime/);
        const log = k.stderr();
        const found = EXPECTED_CHECKS.filter((m) => log.includes(`DBCHECK ${m}`));
        assert.deepEqual(found, EXPECTED_CHECKS, `modules that did not find their rows: ${EXPECTED_CHECKS.filter((m) => !found.includes(m)).join(' ')}\n${log}`);
        assert.deepEqual(badLogLines(log), [], log);

        // usrloc db_mode 2 writes its contacts back on a clean shutdown; acc wrote its row at once.
        await k.stop();
        kamailio = undefined;
        assert.deepEqual(badLogLines(k.stderr()), [], k.stderr());
        const location = rows(await admin.raw("SELECT username, contact, q FROM location WHERE username = 'alice'"));
        assert.deepEqual(location.map((r) => [r['username'], r['contact'], Number(r['q'])]), [['alice', 'sip:alice@127.0.0.1:5098', 1]]);
        const acc = rows(await admin.raw("SELECT method, from_tag, to_tag, sip_code, sip_reason FROM acc WHERE callid LIKE 'dbcheck-%'"));
        assert.deepEqual(acc, [{ method: 'OPTIONS', from_tag: 'from1', to_tag: 'to1', sip_code: '200', sip_reason: 'OK' }]);
      } finally {
        await kamailio?.stop();
        await db.cleanup();
      }
    });
  }
});

describe('the Kamailio check can fail', () => {
  it('Kamailio refuses to start when a table version is not the one it expects', async (t) => {
    if (skipWithoutKamailio(t)) return;
    const db = await testDb(t, 'sqlite');
    if (db === undefined) return;
    try {
      const created = await runSipctl(['db', 'create', '--all', '--yes'], { env: cleanEnv(db.env), cwd: db.dir });
      assert.equal(created.code, 0, created.stderr);
      const admin = await db.admin();
      await admin('version').where('table_name', 'location').update({ table_version: 8 });
      const sipPort = await freePort('udp');
      const url = dbUrl(db, db.env);
      await assert.rejects(
        startKamailio({ cfg: (dir) => cfg('sqlite', url, sipPort, dir), waitFor: { paths: ['run/kamailio_ctl'] }, prefix: 'sipctl-kam-badversion-' }).then((k) => k.stop()),
        /invalid version 8 for table location found, expected 9/,
      );
    } finally {
      await db.cleanup();
    }
  });
});

/** Runs the real kamdbctl with a private HOME holding only .kamctlrc, as shared/reference/schema/README.md describes. */
async function kamdbctl(db: TestDb, command: string): Promise<void> {
  const rcDir = path.join(db.dir, `rc-${db.engine}`);
  fs.mkdirSync(rcDir, { recursive: true });
  const common = [
    `DBNAME=${db.name}`,
    `DBRWUSER="${db.env['DBRWUSER'] ?? ''}"`,
    `DBRWPW="${RW_PW}"`,
    `DBROUSER="${db.env['DBROUSER'] ?? ''}"`,
    `DBROPW="${RO_PW}"`,
    'INSTALL_EXTRA_TABLES=yes',
    'INSTALL_PRESENCE_TABLES=yes',
    'INSTALL_DBUID_TABLES=yes',
  ];
  const byEngine: Readonly<Record<TestEngine, string[]>> = {
    mysql: ['DBENGINE=MYSQL', 'DBHOST=localhost', 'DBROOTUSER="root"', 'DBROOTPWSKIP=yes', 'CHARSET="latin1"'],
    // Over the unix socket as OS user postgres (peer auth): no password, no ~/.pgpass.
    pgsql: ['DBENGINE=PGSQL', 'DBHOST=/var/run/postgresql', 'DBROOTUSER="postgres"'],
    sqlite: ['DBENGINE=SQLITE', `DB_PATH="${db.env['DB_PATH'] ?? ''}"`],
  };
  fs.writeFileSync(path.join(rcDir, '.kamctlrc'), [...byEngine[db.engine], ...common, ''].join('\n'));
  const env = { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: rcDir };
  let r: RunResult;
  if (db.engine === 'pgsql') {
    // The postgres user must be able to read its HOME.
    fs.chmodSync(db.dir, 0o755);
    fs.chmodSync(rcDir, 0o755);
    r = await runProcess('su', ['postgres', '-s', '/bin/sh', '-c', `cd /tmp && HOME='${rcDir}' ${KAMDBCTL} ${command}`], { env, timeoutMs: 60_000 });
  } else {
    r = await runProcess(KAMDBCTL, [command], { env, cwd: db.dir, timeoutMs: 60_000 });
  }
  assert.equal(r.code, 0, `kamdbctl ${command} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
}

describe('sipctl db status accepts a database made by the real kamdbctl create', () => {
  for (const engine of ENGINES) {
    it(engine, async (t) => {
      if (skipWithout(t, KAMDBCTL, 'kamdbctl')) return;
      const db = await testDb(t, engine);
      if (db === undefined) return;
      try {
        await kamdbctl(db, 'create');
        // kamdbctl create makes no uid tables on PostgreSQL and SQLite (README, problems 5 and 6).
        if (engine === 'pgsql') await kamdbctl(db, 'dbuid');
        if (engine === 'sqlite') {
          for (const m of UID_MODULES) {
            const sql = fs.readFileSync(path.join(SQLITE_UID_SCRIPTS, `${m}-create.sql`), 'utf8');
            const r = await runProcess('sqlite3', [db.env['DB_PATH'] ?? ''], { input: sql, timeoutMs: 30_000 });
            assert.equal(r.code, 0, `sqlite3 < ${m}-create.sql: ${r.stderr}`);
          }
        }
        // kamdbctl made the MySQL users for localhost only.
        const env = { ...db.env, DBRWPW: RW_PW, DBROPW: RO_PW, ...(engine === 'mysql' ? { DBHOST: 'localhost' } : {}) };
        const status = await runSipctl(['db', 'status', '--json'], { env: cleanEnv(env), cwd: db.dir });
        assert.equal(status.code, 0, `db status: ${status.stderr}${status.stdout}`);
        const doc: unknown = JSON.parse(status.stdout);
        assert.ok(typeof doc === 'object' && doc !== null);
        assert.deepEqual(
          { complete: 'complete' in doc ? doc.complete : undefined, current: 'current' in doc ? doc.current : undefined, foreign: 'foreign' in doc ? doc.foreign : undefined },
          { complete: true, current: true, foreign: [] },
        );

        // The catalog comparison finds nothing on kamdbctl's own database, so what it reports
        // on sipctl's (catalog.test.ts) are real differences, not artefacts of the comparison.
        const diffs = compareWithReference(await readCatalog(await db.admin(), engine), loadReference());
        assert.deepEqual(diffs, [], describeDifferences(engine, diffs));
      } finally {
        await db.cleanup();
      }
    });
  }
});
