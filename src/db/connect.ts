/**
 * Opens knex connections as one of the three roles kamdbctl uses (administrator,
 * read-write, read-only) and turns driver errors into sipctl's error codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { CustomTypesConfig } from 'pg';
import { AppError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';
import { describeDb, type DbSettings, type Engine } from './settings.js';

export type DbRole = 'root' | 'rw' | 'ro';

export const KNEX_CLIENT: Readonly<Record<Engine, 'sqlite3' | 'mysql2' | 'pg'>> = {
  sqlite: 'sqlite3',
  mysql: 'mysql2',
  pgsql: 'pg',
};

/** knex would print driver errors to the console; sipctl reports them itself, once. */
const QUIET = { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined };

export interface ConnectOptions {
  /** Connect to the server only, not to the database (administrator work: create, drop). */
  readonly serverOnly?: boolean;
  /** SQLite: create the file (and its directory) if missing; otherwise a missing file is E_DB_MISSING. */
  readonly create?: boolean;
  /** Connection pool size; 1 unless statements should run side by side. */
  readonly poolSize?: number;
}

function credentials(s: DbSettings, role: DbRole): { user: string; password: string | undefined } {
  switch (role) {
    case 'root':
      return { user: s.rootUser, password: s.rootPassword };
    case 'rw':
      return { user: s.rwUser, password: s.rwPassword };
    case 'ro':
      return { user: s.roUser, password: s.roPassword };
  }
}

export async function connect(s: DbSettings, role: DbRole, opts: ConnectOptions = {}): Promise<Knex> {
  const { default: knex } = await import('knex');
  if (s.engine === 'sqlite') {
    const file = path.resolve(s.path);
    if (opts.create === true) {
      try {
        makeDirectory(path.dirname(file));
        fs.accessSync(path.dirname(file), fs.constants.W_OK);
      } catch (err) {
        throw new AppError('E_DB_PATH', `cannot create the SQLite database ${file}: ${errText(err)}`, { cause: err });
      }
    } else if (!fs.existsSync(file)) {
      throw new AppError('E_DB_MISSING', `the SQLite database ${file} does not exist (run sipctl db create)`);
    }
    const db = knex({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 }, log: QUIET });
    await probe(db, s);
    return db;
  }
  const { user, password } = credentials(s, role);
  const database = opts.serverOnly === true ? (s.engine === 'pgsql' ? 'postgres' : undefined) : s.name;
  const timeout = s.timeoutSeconds * 1000;
  // Timestamps stay text ('YYYY-MM-DD HH:MM:SS'), as Kamailio writes them, on every engine.
  const connection =
    s.engine === 'mysql'
      ? { ...mysqlAddress(s), user, password: password ?? '', database, connectTimeout: timeout, supportBigNumbers: true, dateStrings: true }
      : { host: s.host, port: s.port ?? 5432, user, password: password ?? '', database, connectionTimeoutMillis: timeout, types: await pgTextTimestamps() };
  const db = knex({
    client: KNEX_CLIENT[s.engine],
    connection,
    log: QUIET,
    pool: { min: 0, max: opts.poolSize ?? 1 },
    acquireConnectionTimeout: timeout + 1000,
  });
  await probe(db, s);
  return db;
}

/** Where Debian, Red Hat and source builds of MariaDB/MySQL put the server's unix socket. */
const MYSQL_SOCKETS = ['/run/mysqld/mysqld.sock', '/var/run/mysqld/mysqld.sock', '/var/lib/mysql/mysql.sock', '/tmp/mysql.sock'];

/**
 * DBHOST=localhost means the unix socket to MySQL clients, and so to kamctl and kamdbctl:
 * the accounts kamdbctl makes for DBHOST=localhost are 'user'@'localhost', which a TCP login
 * from 127.0.0.1 does not match when the server skips name resolution. sipctl does the same
 * when a socket is there and no DBPORT asks for TCP.
 */
function mysqlAddress(s: DbSettings): { host: string; port: number } | { socketPath: string } {
  if (s.host === 'localhost' && s.port === undefined) {
    const socketPath = MYSQL_SOCKETS.find((p) => fs.existsSync(p));
    if (socketPath !== undefined) return { socketPath };
  }
  return { host: s.host, port: s.port ?? 3306 };
}

const PG_TIMESTAMP_OID = 1114;

async function pgTextTimestamps(): Promise<CustomTypesConfig> {
  const { TypeOverrides } = await import('pg');
  const overrides = new TypeOverrides();
  overrides.setTypeParser(PG_TIMESTAMP_OID, 'text', (v: string) => v);
  return overrides;
}

async function probe(db: Knex, s: DbSettings): Promise<void> {
  try {
    await db.raw('select 1');
  } catch (err) {
    await db.destroy();
    throw dbError(err, s);
  }
}

function errText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined && !err.message.includes(code) ? `${code} ${err.message}` : err.message;
  }
  return String(err);
}

/** Maps a driver error to an AppError naming what went wrong and where. */
export function dbError(err: unknown, s: DbSettings): AppError {
  if (err instanceof AppError) return err;
  const where = describeDb(s);
  const e = err as { code?: unknown; errno?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const msg = errText(err);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'ENOENT'].includes(code) || /timeout acquiring a connection|Connection terminated|connect ETIMEDOUT/i.test(msg)) {
    return new AppError('E_DB_CONNECT', `cannot reach ${where}: ${msg}`, { cause: err });
  }
  if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR' || code === '28P01' || code === '28000') {
    return new AppError('E_DB_AUTH', `${where} refused the login: ${msg}`, { cause: err });
  }
  if (code === 'ER_BAD_DB_ERROR' || code === '3D000') {
    return new AppError('E_DB_MISSING', `${where} does not exist (run sipctl db create)`, { cause: err });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new AppError('E_DB_PATH', `cannot open ${where} for writing: ${msg}`, { cause: err });
  }
  return new AppError('E_DB_QUERY', `${where}: ${msg}`, { cause: err });
}
