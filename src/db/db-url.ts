/**
 * Kamailio's `db_url` module parameter as connection settings for the daemon:
 * `mysql://user:password@host[:port]/database`, `postgres://user:password@host[:port]/database`
 * (also `pgsql://`, `postgresql://`) and db_sqlite's `sqlite:///absolute/path.db`.
 *
 * As Kamailio's URL parser: no percent-decoding (a password is taken as written, spaces
 * included); the credentials end at the last "@" before the host. An SQLite path is absolute
 * with three slashes or more (db_sqlite needs four; `sqlite://relative.db` is relative to the
 * working directory).
 */
import { AppError } from '../errors.js';
import type { DbSettings, Engine } from './settings.js';

const SCHEMES: Readonly<Record<string, Engine>> = {
  mysql: 'mysql',
  postgres: 'pgsql',
  postgresql: 'pgsql',
  pgsql: 'pgsql',
  sqlite: 'sqlite',
};

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactDbUrl(url: string): string {
  return url.replace(/^([a-z0-9]+:\/\/[^:@/]*:)[^/]*@/i, '$1***@');
}

function invalid(url: string, why: string): AppError {
  return new AppError('E_USAGE', `${redactDbUrl(url)} is not a database URL (${why}); use mysql://user:password@host[:port]/database, postgres://user:password@host[:port]/database or sqlite:///path/to/file.db`);
}

/** Connection settings for a db_url; the URL's user is the read-write (`rw`) role's. */
export function parseDbUrl(url: string): DbSettings {
  const m = /^([a-z0-9]+):\/\/(.*)$/i.exec(url.trim());
  if (m === null) throw invalid(url, 'no "scheme://"');
  const scheme = (m[1] ?? '').toLowerCase();
  const engine = Object.hasOwn(SCHEMES, scheme) ? SCHEMES[scheme] : undefined;
  if (engine === undefined) throw invalid(url, `sipd has no database driver "${scheme}"`);
  const rest = m[2] ?? '';
  const base = {
    engine,
    host: 'localhost',
    port: undefined,
    name: '',
    path: '',
    rwUser: '',
    rwPassword: '',
    roUser: '',
    roPassword: '',
    rootUser: '',
    rootPassword: undefined,
    accessHost: undefined,
    charset: undefined,
    timeoutSeconds: 10,
  } satisfies DbSettings;
  if (engine === 'sqlite') {
    const file = rest.startsWith('//') ? rest.replace(/^\/+/, '/') : rest;
    if (file === '' || file === '/') throw invalid(url, 'no SQLite file named');
    return { ...base, path: file, name: file };
  }
  const slash = rest.indexOf('/', rest.lastIndexOf('@') + 1);
  if (slash < 0) throw invalid(url, 'no "/database" after the host');
  const authority = rest.slice(0, slash);
  const name = rest.slice(slash + 1);
  if (name === '' || name.includes('/')) throw invalid(url, 'no database name after the host');
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  const colon = userInfo.indexOf(':');
  const user = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const password = colon < 0 ? '' : userInfo.slice(colon + 1);
  const hp = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(hostPort);
  if (hp === null) throw invalid(url, 'the host or port is not valid');
  const port = hp[2] === undefined ? undefined : Number(hp[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw invalid(url, 'the port is not in 1..65535');
  return { ...base, host: (hp[1] ?? '').replace(/^\[|\]$/g, ''), port, name, rwUser: user, rwPassword: password, roUser: user, roPassword: password };
}
