/**
 * Real databases for tests: SQLite always; MariaDB and PostgreSQL under CI=true (where an
 * unreachable server fails the test) or when reachable elsewhere. Every test gets its own
 * database and users with unique names, and removes them afterwards.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import knex, { type Knex } from 'knex';
import { connect } from '../../src/db/connect.js';
import { createDb } from '../../src/db/create.js';
import { parseDbUrl } from '../../src/db/db-url.js';
import { modulesByName } from '../../src/db/tables.js';
import { cleanEnv, runSipctl } from './sipctl.js';

export type TestEngine = 'sqlite' | 'mysql' | 'pgsql';
export const ENGINES: readonly TestEngine[] = ['sqlite', 'mysql', 'pgsql'];

export const IN_CI = process.env['CI'] === 'true';

export interface TestDb {
  readonly engine: TestEngine;
  /** Database name (MySQL, PostgreSQL) and user name prefix. */
  readonly name: string;
  /** Scratch directory: SQLite file, HOME, rc files. */
  readonly dir: string;
  /** rc keys for sipctl, as environment variables. */
  readonly env: Record<string, string>;
  /** An administrator connection to this database (after it exists). */
  admin(): Promise<Knex>;
  /** Drops the database, its users and the scratch directory. */
  cleanup(): Promise<void>;
}

let counter = 0;

export function uniqueName(prefix = 'sipt'): string {
  counter += 1;
  return `${prefix}_${String(process.pid)}_${String(counter)}_${crypto.randomBytes(3).toString('hex')}`;
}

function rootConfig(engine: 'mysql' | 'pgsql', database?: string): Knex.Config {
  return engine === 'mysql'
    ? { client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '', ...(database === undefined ? {} : { database }) }, pool: { min: 0, max: 1 } }
    : { client: 'pg', connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: database ?? 'postgres' }, pool: { min: 0, max: 1 } };
}

const reachable = new Map<TestEngine, Promise<string | undefined>>();

/** undefined when the engine's server answers, else why not. */
export function serverProblem(engine: TestEngine): Promise<string | undefined> {
  if (engine === 'sqlite') return Promise.resolve(undefined);
  let p = reachable.get(engine);
  if (p === undefined) {
    p = (async () => {
      const db = knex(rootConfig(engine));
      try {
        await db.raw('select 1');
        return undefined;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      } finally {
        await db.destroy();
      }
    })();
    reachable.set(engine, p);
  }
  return p;
}

/**
 * Gives a test its own database settings, or skips the test (outside CI) when the server
 * is not there. In CI an unreachable server throws, failing the test.
 */
export async function testDb(t: TestContext, engine: TestEngine): Promise<TestDb | undefined> {
  const problem = await serverProblem(engine);
  if (problem !== undefined) {
    if (IN_CI) throw new Error(`${engine} server is required in CI but unreachable: ${problem}`);
    t.skip(`${engine} server unreachable: ${problem}`);
    return undefined;
  }
  const name = uniqueName();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const env: Record<string, string> = {
    HOME: dir,
    DBENGINE: engine === 'sqlite' ? 'SQLITE' : engine === 'mysql' ? 'MYSQL' : 'PGSQL',
    DBHOST: '127.0.0.1',
    DBNAME: name,
    DB_PATH: path.join(dir, 'kamailio.sqlite'),
    DBRWUSER: `${name}_rw`,
    DBRWPW: 'rw secret',
    DBROUSER: `${name}_ro`,
    DBROPW: 'ro secret',
  };
  const opened: Knex[] = [];
  return {
    engine,
    name,
    dir,
    env,
    admin: async () => {
      const db =
        engine === 'sqlite'
          ? knex({ client: 'sqlite3', connection: { filename: env['DB_PATH'] ?? '' }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
          : knex(rootConfig(engine, name));
      opened.push(db);
      await db.raw('select 1');
      return db;
    },
    cleanup: async () => {
      for (const db of opened.splice(0)) await db.destroy();
      if (engine !== 'sqlite') {
        const root = knex(rootConfig(engine));
        try {
          if (engine === 'mysql') {
            await root.raw('DROP DATABASE IF EXISTS ??', [name]);
            const users: unknown = await root('mysql.user').select('User', 'Host').whereIn('User', [`${name}_rw`, `${name}_ro`]);
            for (const u of Array.isArray(users) ? (users as { User: string; Host: string }[]) : []) await root.raw('DROP USER IF EXISTS ?@?', [u.User, u.Host]);
          } else {
            await root.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
            for (const u of [`${name}_rw`, `${name}_ro`]) await root.raw('DROP ROLE IF EXISTS ??', [u]);
          }
        } finally {
          await root.destroy();
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Kamailio's database driver module (without `.so`) for each engine. */
export const DB_MODULE: Readonly<Record<TestEngine, string>> = { sqlite: 'db_sqlite', mysql: 'db_mysql', pgsql: 'db_postgres' };

/** Kamailio's db_url for a TestDb: its SQLite file, or its read-write user and password (DBRWUSER, DBRWPW) on 127.0.0.1. */
export function kamailioDbUrl(db: TestDb): string {
  if (db.engine === 'sqlite') return `sqlite:///${db.env['DB_PATH'] ?? ''}`;
  const scheme = db.engine === 'mysql' ? 'mysql' : 'postgres';
  return `${scheme}://${db.env['DBRWUSER'] ?? ''}:${db.env['DBRWPW'] ?? ''}@127.0.0.1/${db.name}`;
}

/**
 * A TestDb made by `sipctl db create --yes` (with `extraEnv` added to its rc keys), removed after
 * the test. The read-write user's password goes in as DBRWPW, so it stays out of argv.
 * Undefined when the test was skipped.
 */
export async function createdTestDb(t: TestContext, engine: TestEngine, rwPassword: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<TestDb | undefined> {
  const db = await testDb(t, engine);
  if (db === undefined) return undefined;
  t.after(() => db.cleanup());
  db.env['DBRWPW'] = rwPassword;
  const created = await runSipctl(['db', 'create', '--yes'], { env: cleanEnv({ ...db.env, ...extraEnv }), cwd: db.dir });
  assert.equal(created.code, 0, `db create: ${created.stderr}${created.stdout}`);
  return db;
}

/** Adds subscribers with `sipctl subscriber add --password-stdin` (AoR → password), so no password is in argv. */
export async function addSubscribers(db: TestDb, env: Record<string, string>, passwords: Readonly<Record<string, string>>): Promise<void> {
  for (const [aor, pw] of Object.entries(passwords)) {
    const added = await runSipctl(['subscriber', 'add', aor, '--password-stdin'], { env, cwd: db.dir, input: pw });
    assert.equal(added.code, 0, `subscriber add ${aor}: ${added.stderr}${added.stdout}`);
  }
}

export interface SchemaSqlite {
  /** The temp dir that holds it. */
  readonly dir: string;
  /** The SQLite file. */
  readonly file: string;
  /** Its db_url, `sqlite:///…`. */
  readonly url: string;
  /** Removes the file and its temp dir. */
  remove(): void;
}

/**
 * A SQLite file in a fresh temp dir (`prefix`), made by sipctl's schema code with the tables of
 * `modules` and filled by `fill` over a read-write connection, for in-process module tests.
 */
export async function schemaSqlite(prefix: string, modules: readonly string[], fill: (db: Knex) => Promise<void>): Promise<SchemaSqlite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'kamailio.sqlite');
  const url = `sqlite:///${file}`;
  const settings = parseDbUrl(url);
  await createDb(settings, { modules: modulesByName(modules, 'test') });
  const db = await connect(settings, 'rw');
  try {
    await fill(db);
  } finally {
    await db.destroy();
  }
  return {
    dir,
    file,
    url,
    remove: () => {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
