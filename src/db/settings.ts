/** Database settings, taken from the effective rc configuration. */
import { AppError } from '../errors.js';
import type { RcConfig } from '../config/rc-load.js';

export type Engine = 'sqlite' | 'mysql' | 'pgsql';

export interface DbSettings {
  readonly engine: Engine;
  readonly host: string;
  readonly port: number | undefined;
  /** Database name (MySQL, PostgreSQL) or file (SQLite). */
  readonly name: string;
  readonly path: string;
  readonly rwUser: string;
  readonly rwPassword: string;
  readonly roUser: string;
  readonly roPassword: string;
  readonly rootUser: string;
  readonly rootPassword: string | undefined;
  readonly accessHost: string | undefined;
  readonly charset: string | undefined;
  readonly timeoutSeconds: number;
}

/** kamctl's spellings of each engine. */
export function parseEngine(value: string): Engine {
  const v = value.trim().toLowerCase();
  if (v === 'sqlite' || v === 'sqlite3') return 'sqlite';
  if (v === 'mysql' || v === 'mariadb') return 'mysql';
  if (v === 'pgsql' || v === 'postgres' || v === 'postgresql' || v === 'pg') return 'pgsql';
  if (v === 'dbtext' || v === 'textdb' || v === 'oracle' || v === 'db_berkeley') {
    throw new AppError('E_DB_ENGINE', `DBENGINE=${value} is a kamctl engine that sipctl does not support; use SQLITE, MYSQL or PGSQL`);
  }
  throw new AppError('E_DB_ENGINE', `DBENGINE=${value} is not a database engine; use SQLITE, MYSQL or PGSQL`);
}

export function dbSettings(rc: RcConfig): DbSettings {
  const engine = parseEngine(rc.get('DBENGINE') ?? 'SQLITE');
  return {
    engine,
    host: rc.get('DBHOST') ?? 'localhost',
    port: rc.int('DBPORT'),
    name: rc.get('DBNAME') ?? 'kamailio',
    path: rc.get('DB_PATH') ?? '',
    rwUser: rc.get('DBRWUSER') ?? 'kamailio',
    rwPassword: rc.get('DBRWPW') ?? '',
    roUser: rc.get('DBROUSER') ?? 'kamailioro',
    roPassword: rc.get('DBROPW') ?? '',
    rootUser: rc.get('DBROOTUSER') ?? (engine === 'pgsql' ? 'postgres' : 'root'),
    rootPassword: rc.get('DBROOTPW'),
    accessHost: rc.get('DBACCESSHOST'),
    charset: rc.get('CHARSET'),
    timeoutSeconds: rc.int('DBTIMEOUT') ?? 10,
  };
}

/** How to show where a database is, without secrets. */
export function describeDb(s: DbSettings): string {
  if (s.engine === 'sqlite') return `SQLite ${s.path}`;
  const port = s.port === undefined ? '' : `:${String(s.port)}`;
  return `${s.engine === 'mysql' ? 'MySQL' : 'PostgreSQL'} ${s.name} on ${s.host}${port}`;
}
