/**
 * `sipctl db create` and `sipctl db status` as an operator meets them, run as the real
 * binary against real databases: create is idempotent and completes an interrupted run, the
 * users it makes can log in with their rc passwords and the read-only one cannot write,
 * status exit codes and JSON, and each failure's exit code and one-line message.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import knex, { type Knex } from 'knex';
import { rawRows } from '../../../src/db/rows.js';
import { ENGINES, testDb, type TestDb, type TestEngine } from '../../support/db.js';
import { cleanEnv, runSipctl, type RunResult } from '../../support/sipctl.js';
import { compareWithReference, describeDifferences, readCatalog } from './live-catalog.js';
import { loadReference } from './reference-schema.js';

type Json = Readonly<Record<string, unknown>>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function parseObject(text: string, what: string): Json {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    assert.fail(`${what}: stdout is not JSON:\n${text}`);
  }
  assert.ok(isObject(doc), `${what}: stdout is not a JSON object:\n${text}`);
  return doc;
}

function stringList(doc: Json, key: string): string[] {
  const v = doc[key];
  assert.ok(Array.isArray(v), `${key} is not a list: ${JSON.stringify(v)}`);
  return v.map((x: unknown) => {
    assert.ok(typeof x === 'string', `${key} holds a non-string: ${JSON.stringify(x)}`);
    return x;
  });
}

function sipctl(db: TestDb, args: readonly string[]): Promise<RunResult> {
  return runSipctl(args, { env: cleanEnv(db.env), cwd: db.dir });
}

async function createAll(db: TestDb): Promise<Json> {
  const run = await sipctl(db, ['db', 'create', '--all', '--yes', '--json']);
  assert.equal(run.code, 0, `db create failed (${run.code}): ${run.stderr}${run.stdout}`);
  return parseObject(run.stdout, 'db create --json');
}

/** A database for one test, removed when the test ends, pass or fail. */
async function freshDb(t: TestContext, engine: TestEngine): Promise<TestDb | undefined> {
  const db = await testDb(t, engine);
  if (db !== undefined) t.after(() => db.cleanup());
  return db;
}

/** Everything db create could change: catalog, version rows with their ids, users and privileges. */
async function snapshot(db: TestDb, admin: Knex): Promise<Json> {
  const users = [db.env['DBRWUSER'] ?? '', db.env['DBROUSER'] ?? ''];
  const rows = async (sql: string, bindings: readonly Knex.RawBinding[] = []) => rawRows(await admin.raw(sql, bindings));
  const snap: Record<string, unknown> = {
    catalog: await readCatalog(admin, db.engine),
    version: await rows('SELECT id, table_name, table_version FROM version ORDER BY id'),
  };
  switch (db.engine) {
    case 'sqlite':
      // Bumped by SQLite on every change to the schema, whatever it is.
      snap['schemaVersion'] = await rows('PRAGMA schema_version');
      break;
    case 'mysql':
      snap['users'] = await rows('SELECT User AS u, Host AS h FROM mysql.user WHERE User IN (?, ?) ORDER BY User, Host', users);
      snap['grants'] = await rows(
        'SELECT GRANTEE AS g, PRIVILEGE_TYPE AS p FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE() ORDER BY GRANTEE, PRIVILEGE_TYPE',
      );
      break;
    case 'pgsql':
      snap['users'] = await rows('SELECT rolname FROM pg_roles WHERE rolname IN (?, ?) ORDER BY rolname', users);
      snap['grants'] = await rows(
        `SELECT c.relname AS t, c.relkind AS k, array_to_string(c.relacl, ',') AS acl FROM pg_class c
          WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'S') ORDER BY c.relname`,
      );
      snap['objects'] = await rows("SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = current_schema()::regnamespace");
      break;
  }
  return snap;
}

/** A knex connection as the read-write or read-only user, with the password from the rc keys. */
function userDb(db: TestDb, role: 'rw' | 'ro', password?: string): Knex {
  const user = db.env[role === 'rw' ? 'DBRWUSER' : 'DBROUSER'] ?? '';
  const pw = password ?? db.env[role === 'rw' ? 'DBRWPW' : 'DBROPW'] ?? '';
  return db.engine === 'mysql'
    ? knex({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user, password: pw, database: db.name }, pool: { min: 0, max: 1 } })
    : knex({ client: 'pg', connection: { host: '127.0.0.1', port: 5432, user, password: pw, database: db.name }, pool: { min: 0, max: 1 } });
}

async function withUser<T>(db: TestDb, role: 'rw' | 'ro', fn: (k: Knex) => Promise<T>, password?: string): Promise<T> {
  const k = userDb(db, role, password);
  try {
    return await fn(k);
  } finally {
    await k.destroy();
  }
}

const SUBSCRIBER = { username: 'alice', domain: 'example.test', password: '', ha1: 'a'.repeat(32), ha1b: 'b'.repeat(32) };

const STATUS_KEYS = ['complete', 'current', 'database', 'engine', 'foreign', 'groups', 'tables'];
const TABLE_KEYS = ['expected', 'group', 'module', 'present', 'state', 'table', 'version'];

interface StatusTable {
  readonly table: string;
  readonly state: string;
  readonly version: number | null;
  readonly expected: number;
  readonly present: boolean;
}

/** Checks the shape of `db status --json` and returns its table list. */
function checkStatusShape(doc: Json, engine: TestEngine): StatusTable[] {
  assert.deepEqual(Object.keys(doc).sort(), STATUS_KEYS);
  assert.equal(doc['engine'], engine);
  assert.equal(typeof doc['database'], 'string');
  assert.equal(typeof doc['complete'], 'boolean');
  assert.equal(typeof doc['current'], 'boolean');
  stringList(doc, 'groups');
  stringList(doc, 'foreign');
  const tables = doc['tables'];
  assert.ok(Array.isArray(tables), 'tables is not a list');
  return tables.map((e: unknown): StatusTable => {
    assert.ok(isObject(e), 'a table entry is not an object');
    assert.deepEqual(Object.keys(e).sort(), TABLE_KEYS);
    const { table, module, group, present, version, expected, state } = e;
    assert.ok(typeof table === 'string' && typeof module === 'string' && typeof group === 'string' && typeof state === 'string', JSON.stringify(e));
    assert.ok(typeof present === 'boolean' && typeof expected === 'number' && (version === null || typeof version === 'number'), JSON.stringify(e));
    return { table, state, version, expected, present };
  });
}

async function status(db: TestDb): Promise<{ code: number; doc: Json; tables: StatusTable[] }> {
  const run = await sipctl(db, ['db', 'status', '--json']);
  const doc = parseObject(run.stdout, 'db status --json');
  return { code: run.code, doc, tables: checkStatusShape(doc, db.engine) };
}

for (const engine of ENGINES) {
  describe(`db create and db status on ${engine}`, () => {
    it('a second create succeeds and changes nothing', async (t) => {
      const db = await freshDb(t, engine);
      if (db === undefined) return;
      const first = await createAll(db);
      assert.equal(first['databaseCreated'], true);
      assert.equal(stringList(first, 'tablesCreated').length, 70);
      const admin = await db.admin();
      const before = await snapshot(db, admin);

      const second = await createAll(db);
      assert.equal(second['databaseCreated'], false);
      assert.deepEqual(stringList(second, 'tablesCreated'), []);
      assert.deepEqual(stringList(second, 'versionRowsAdded'), []);
      assert.deepEqual(stringList(second, 'usersCreated'), []);
      assert.equal(stringList(second, 'tablesExisting').length, 70);
      assert.deepEqual(await snapshot(db, admin), before);
    });

    it('a create that was interrupted is completed by the next one, keeping the data', async (t) => {
      const db = await freshDb(t, engine);
      if (db === undefined) return;
      await createAll(db);
      const admin = await db.admin();
      await admin('subscriber').insert(SUBSCRIBER);
      // As if the first run had stopped part-way: tables of three groups and some version rows gone.
      const dropped = ['location', 'presentity', 'uid_credentials'];
      for (const name of dropped) await admin.schema.dropTable(name);
      await admin('version').whereIn('table_name', ['location', 'presentity', 'dispatcher', 'xcap']).delete();

      const again = await createAll(db);
      assert.deepEqual(stringList(again, 'tablesCreated').sort(), dropped.sort());
      assert.deepEqual(stringList(again, 'versionRowsAdded').sort(), ['dispatcher', 'location', 'presentity', 'xcap']);
      // The rows that were re-added come last, so the order of the version rows is not compared.
      const diffs = compareWithReference(await readCatalog(admin, engine), loadReference(), { versionRowOrder: 'set' });
      assert.deepEqual(diffs, [], describeDifferences(engine, diffs));
      const subscribers: unknown = await admin('subscriber').select('username', 'domain');
      assert.deepEqual(rawRows(subscribers).map((r) => ({ ...r })), [{ username: 'alice', domain: 'example.test' }]);
      if (engine !== 'sqlite') {
        // A re-created table is usable by the read-write user (PostgreSQL: table and sequence grants).
        await withUser(db, 'rw', (k) => k('location').insert({ ruid: 'r1', username: 'alice', contact: 'sip:alice@127.0.0.1', expires: '2030-01-01 00:00:00', last_modified: '2000-01-01 00:00:01' }));
      }
      const st = await status(db);
      assert.equal(st.code, 0, JSON.stringify(st.doc));
    });

    if (engine !== 'sqlite') {
      it('the read-write and read-only users log in with DBRWPW and DBROPW; read-only cannot write', async (t) => {
        const db = await freshDb(t, engine);
        if (db === undefined) return;
        await createAll(db);
        await withUser(db, 'rw', async (k) => {
          await k('subscriber').insert(SUBSCRIBER);
          await k('subscriber').where('username', 'alice').update({ password: 'x' });
          const rows: unknown = await k('subscriber').select('username', 'password');
          assert.deepEqual(rawRows(rows).map((r) => ({ ...r })), [{ username: 'alice', password: 'x' }]);
          // Every table is writable, the uid group too (kamdbctl's PostgreSQL dbuid step grants nothing).
          await k('uid_credentials').insert({ auth_username: 'alice', did: '_default', realm: 'example.test', password: '', uid: 'u1', ha1: 'a', ha1b: 'b' });
        });
        await withUser(db, 'ro', async (k) => {
          const rows = await k('subscriber').select('username');
          assert.equal(rows.length, 1);
          assert.equal((await k('uid_credentials').select('uid')).length, 1);
          await assert.rejects(k('subscriber').insert({ ...SUBSCRIBER, username: 'mallory' }), /denied/i);
          await assert.rejects(k('subscriber').delete(), /denied/i);
          await assert.rejects(k.raw('CREATE TABLE intruder (x int)'), /denied/i);
        });
        if (engine === 'mysql') {
          // PostgreSQL here trusts every loopback login, so only MariaDB can show a wrong password refused.
          await assert.rejects(withUser(db, 'ro', (k) => k.raw('select 1'), 'wrong password'), /Access denied/);
        }
      });
    }

    it('db status: exit 0 when complete and current, 10 after a table is dropped or a version row changed', async (t) => {
      const db = await freshDb(t, engine);
      if (db === undefined) return;
      await createAll(db);
      const ok = await status(db);
      assert.equal(ok.code, 0, JSON.stringify(ok.doc));
      assert.equal(ok.doc['complete'], true);
      assert.equal(ok.doc['current'], true);
      assert.deepEqual(stringList(ok.doc, 'groups').sort(), ['extra', 'presence', 'standard', 'uid']);
      assert.deepEqual(stringList(ok.doc, 'foreign'), []);
      const ref = loadReference();
      // One entry per Kamailio table, `version` included, with the version Kamailio expects.
      assert.deepEqual(ok.tables.map((x) => `${x.table}=${x.expected}`).sort(), ref.tables.map((r) => `${r.name}=${r.version}`).sort());
      assert.deepEqual(ok.tables.filter((x) => x.state !== 'ok' || !x.present || x.version !== x.expected), []);

      const admin = await db.admin();
      await admin.schema.dropTable('dialplan');
      const missing = await status(db);
      assert.equal(missing.code, 10);
      assert.equal(missing.doc['complete'], false);
      assert.equal(missing.doc['current'], true);
      assert.deepEqual(missing.tables.filter((x) => x.state !== 'ok').map((x) => `${x.table}:${x.state}`), ['dialplan:missing']);

      await sipctl(db, ['db', 'create', '--all', '--yes']);
      await admin('version').where('table_name', 'location').update({ table_version: 8 });
      const old = await status(db);
      assert.equal(old.code, 10);
      assert.equal(old.doc['complete'], true);
      assert.equal(old.doc['current'], false);
      assert.deepEqual(old.tables.filter((x) => x.state !== 'ok').map((x) => `${x.table}:${x.state}:${String(x.version)}`), ['location:old:8']);

      await admin('version').where('table_name', 'location').delete();
      const noRow = await status(db);
      assert.equal(noRow.code, 10);
      assert.deepEqual(noRow.tables.filter((x) => x.state !== 'ok').map((x) => `${x.table}:${x.state}`), ['location:no-version-row']);

      // Without --json the exit code is the same.
      assert.equal((await sipctl(db, ['db', 'status'])).code, 10);
    });
  });
}

/** A loopback TCP port that nothing listens on (bound, then closed again). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const addr = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  assert.ok(addr !== null && typeof addr === 'object');
  return addr.port;
}

interface ErrorCase {
  readonly env: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
  readonly exitCode: number;
  readonly code: string;
  readonly message: RegExp;
}

/** Runs the failing command twice: people get one line on stderr, --json gets {error:{code,message,exitCode}} on stdout. */
async function expectError(c: ErrorCase): Promise<void> {
  const args = ['db', 'create', '--all', '--yes', ...(c.args ?? [])];
  const human = await runSipctl(args, { env: cleanEnv(c.env), cwd: c.env['HOME'] ?? os.tmpdir(), timeoutMs: 30_000 });
  assert.equal(human.code, c.exitCode, `exit code ${human.code}, expected ${c.exitCode}; stderr: ${human.stderr}`);
  assert.equal(human.stdout, '');
  const lines = human.stderr.split('\n');
  assert.equal(lines.length, 2, `expected one line on stderr, got:\n${human.stderr}`);
  assert.equal(lines[1], '');
  assert.match(lines[0] ?? '', new RegExp(`^error: .+ \\[${c.code}\\]$`));
  assert.match(lines[0] ?? '', c.message);

  const json = await runSipctl([...args, '--json'], { env: cleanEnv(c.env), cwd: c.env['HOME'] ?? os.tmpdir(), timeoutMs: 30_000 });
  assert.equal(json.code, c.exitCode);
  assert.equal(json.stderr, '', 'nothing on stderr under --json');
  const doc = parseObject(json.stdout, 'error --json');
  assert.deepEqual(Object.keys(doc), ['error']);
  const e = doc['error'];
  assert.ok(isObject(e), 'error is not an object');
  assert.deepEqual(Object.keys(e).sort(), ['code', 'exitCode', 'message']);
  assert.equal(e['code'], c.code);
  assert.equal(e['exitCode'], c.exitCode);
  assert.ok(typeof e['message'] === 'string' && !e['message'].includes('\n'), 'the message is one line');
  assert.match(e['message'], c.message);
}

describe('db create failures: exit code, code and a one-line message', { concurrency: true }, () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-errors-'));
  after(() => {
    fs.rmSync(home, { recursive: true, force: true });
  });
  const base = { HOME: home, DBHOST: '127.0.0.1', DBNAME: 'sipctl_never_created' };

  for (const engine of ['mysql', 'pgsql'] as const) {
    const DBENGINE = engine === 'mysql' ? 'MYSQL' : 'PGSQL';
    it(`${engine}: a server that cannot be reached is E_DB_CONNECT, exit 5`, async () => {
      const port = await closedPort();
      await expectError({ env: { ...base, DBENGINE, DBPORT: String(port) }, exitCode: 5, code: 'E_DB_CONNECT', message: new RegExp(`cannot reach .*127\\.0\\.0\\.1:${port}.*ECONNREFUSED`) });
    });
  }

  it('mysql: a wrong DBROOTPW is E_DB_AUTH, exit 6', async (t) => {
    const db = await testDb(t, 'mysql');
    if (db === undefined) return;
    t.after(() => db.cleanup());
    await expectError({ env: { ...db.env, DBROOTUSER: 'root', DBROOTPW: 'not the password' }, exitCode: 6, code: 'E_DB_AUTH', message: /refused the login.*Access denied for user 'root'/ });
  });

  it('pgsql: a DBROOTUSER that does not exist is E_DB_AUTH, exit 6 (trust auth accepts any password)', async (t) => {
    const db = await testDb(t, 'pgsql');
    if (db === undefined) return;
    t.after(() => db.cleanup());
    await expectError({ env: { ...db.env, DBROOTUSER: `${db.name}_nobody` }, exitCode: 6, code: 'E_DB_AUTH', message: /refused the login.*role ".*_nobody" does not exist/ });
  });

  it('an unknown DBENGINE is E_DB_ENGINE, exit 4', async () => {
    await expectError({ env: { ...base, DBENGINE: 'ORACLE' }, exitCode: 4, code: 'E_DB_ENGINE', message: /DBENGINE=ORACLE/ });
  });

  it('an SQLite path that cannot be created is E_DB_PATH, exit 7', async () => {
    await expectError({ env: { ...base, DBENGINE: 'SQLITE', DB_PATH: '/proc/nope/x.sqlite' }, exitCode: 7, code: 'E_DB_PATH', message: /\/proc\/nope\/x\.sqlite/ });
  });

  it('a bad rc line is E_RC_PARSE, exit 3, naming file:line', async () => {
    const rc = path.join(home, 'bad-sipctlrc');
    fs.writeFileSync(rc, '# an rc file\nDBENGINE=SQLITE\nFOO=a b\n');
    await expectError({ env: { HOME: home }, args: ['--rc', rc], exitCode: 3, code: 'E_RC_PARSE', message: new RegExp(`${rc.replaceAll('.', '\\.')}:3: `) });
  });
});
