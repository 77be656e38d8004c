/**
 * Real databases for tests: SQLite always; MariaDB and PostgreSQL under CI=true (where an
 * unreachable server fails the test) or when reachable elsewhere. Every test gets its own
 * database and users with unique names, and removes them afterwards.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import knex, { type Knex } from 'knex';

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
