/**
 * Server-level work, done as the administrator (DBROOTUSER): databases, users and
 * privileges, the way kamdbctl does them, but idempotent (IF NOT EXISTS everywhere).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { AppError } from '../errors.js';
import type { DbSettings } from './settings.js';

/** The hosts kamdbctl creates MySQL users for: DBHOST, localhost, and DBACCESSHOST. */
export function mysqlUserHosts(s: DbSettings): string[] {
  const hosts = [s.host];
  if (s.host !== 'localhost') hosts.push('localhost');
  if (s.accessHost !== undefined && s.accessHost !== '' && !hosts.includes(s.accessHost)) hosts.push(s.accessHost);
  return hosts;
}

function checkName(what: string, value: string): void {
  if (value === '' || value.length > 63 || value.includes('\0')) {
    throw new AppError('E_RC_VALUE', `${what} "${value}" is not a usable name`);
  }
}

export async function databaseExists(root: Knex | undefined, s: DbSettings): Promise<boolean> {
  if (s.engine === 'sqlite') return fs.existsSync(path.resolve(s.path));
  if (root === undefined) throw new AppError('E_INTERNAL', 'databaseExists needs an administrator connection');
  switch (s.engine) {
    case 'mysql': {
      const rows = await root('information_schema.schemata').select('schema_name').where('schema_name', s.name);
      return rows.length > 0;
    }
    case 'pgsql': {
      const rows = await root('pg_database').select('datname').where('datname', s.name);
      return rows.length > 0;
    }
  }
}

export async function createDatabase(root: Knex, s: DbSettings): Promise<void> {
  checkName('DBNAME', s.name);
  if (s.engine === 'mysql') {
    if (s.charset !== undefined && s.charset !== '') {
      if (!/^\w+$/.test(s.charset)) throw new AppError('E_RC_VALUE', `CHARSET=${s.charset} is not a character set name`);
      await root.raw(`CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET ${s.charset}`, [s.name]);
    } else {
      await root.raw('CREATE DATABASE IF NOT EXISTS ??', [s.name]);
    }
  } else if (s.engine === 'pgsql') {
    await root.raw('CREATE DATABASE ??', [s.name]);
  }
}

/** Drops the database; for SQLite, deletes the file. Returns false when there was none. */
export async function dropDatabase(root: Knex | undefined, s: DbSettings): Promise<boolean> {
  if (s.engine === 'sqlite') {
    const file = path.resolve(s.path);
    if (!fs.existsSync(file)) return false;
    for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    return true;
  }
  if (root === undefined) throw new AppError('E_INTERNAL', 'dropDatabase needs an administrator connection');
  if (!(await databaseExists(root, s))) return false;
  if (s.engine === 'pgsql') {
    // Other sessions (a running Kamailio) would block the drop; end them as dropdb --force does.
    await root.raw('DROP DATABASE ?? WITH (FORCE)', [s.name]);
  } else {
    await root.raw('DROP DATABASE ??', [s.name]);
  }
  return true;
}

interface UserSpec {
  readonly user: string;
  readonly password: string;
  readonly readOnly: boolean;
}

function users(s: DbSettings): UserSpec[] {
  const list: UserSpec[] = [{ user: s.rwUser, password: s.rwPassword, readOnly: false }];
  if (s.roUser !== s.rwUser) list.push({ user: s.roUser, password: s.roPassword, readOnly: true });
  for (const u of list) checkName('database user', u.user);
  return list;
}

/**
 * Creates the read-write and read-only users if they do not exist (kamdbctl fails when they
 * do) and grants them their privileges. Returns the accounts that were created.
 * PostgreSQL's table privileges are granted by grantTables, once the tables exist.
 */
export async function ensureUsers(root: Knex, s: DbSettings): Promise<string[]> {
  const created: string[] = [];
  if (s.engine === 'mysql') {
    for (const host of mysqlUserHosts(s)) {
      for (const u of users(s)) {
        const exists = await root('mysql.user').count({ n: '*' }).where({ User: u.user, Host: host }).first();
        if (Number(exists?.['n'] ?? 0) === 0) {
          await root.raw('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [u.user, host, u.password]);
          created.push(`${u.user}@${host}`);
        }
        await root.raw(`GRANT ${u.readOnly ? 'SELECT' : 'ALL PRIVILEGES'} ON ??.* TO ?@?`, [s.name, u.user, host]);
      }
    }
  } else if (s.engine === 'pgsql') {
    const { escapeLiteral } = await import('pg');
    for (const u of users(s)) {
      const rows = await root('pg_roles').select('rolname').where('rolname', u.user);
      if (rows.length === 0) {
        // Role statements take no bind parameters in PostgreSQL; the driver quotes the literal.
        await root.raw(`CREATE ROLE ?? LOGIN PASSWORD ${escapeLiteral(u.password)}`, [u.user]);
        created.push(u.user);
      }
    }
  }
  return created;
}

/** PostgreSQL: privileges on the given tables and their sequences for both users. */
export async function grantTables(db: Knex, s: DbSettings, tables: readonly string[]): Promise<void> {
  if (s.engine !== 'pgsql' || tables.length === 0) return;
  const list = tables.map(() => '??').join(', ');
  for (const u of users(s)) {
    await db.raw(`GRANT ${u.readOnly ? 'SELECT' : 'ALL PRIVILEGES'} ON TABLE ${list} TO ??`, [...tables, u.user]);
  }
  const seqRows: { rows: { seq: string | null }[] } = await db.raw(
    `SELECT pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND a.attnum > 0
        AND c.relname IN (${tables.map(() => '?').join(', ')})`,
    [...tables],
  );
  // pg_get_serial_sequence returns the name already quoted and qualified.
  const seqList = seqRows.rows.flatMap((r) => (r.seq === null ? [] : [r.seq])).join(', ');
  if (seqList === '') return;
  for (const u of users(s)) {
    await db.raw(`GRANT ${u.readOnly ? 'SELECT' : 'ALL PRIVILEGES'} ON SEQUENCE ${seqList} TO ??`, [u.user]);
  }
}

/** PostgreSQL: the MySQL-compatible helper functions kamdbctl adds (used by lcr). */
export async function createPgFunctions(db: Knex): Promise<void> {
  await db.raw("CREATE OR REPLACE FUNCTION concat(text, text) RETURNS text AS 'SELECT $1 || $2;' LANGUAGE 'sql'");
  await db.raw("CREATE OR REPLACE FUNCTION rand() RETURNS double precision AS 'SELECT random();' LANGUAGE 'sql'");
}

/** Takes the users' privileges away again (kamdbctl revoke). Returns the accounts touched. */
export async function revokeUsers(root: Knex, s: DbSettings, tables: readonly string[]): Promise<string[]> {
  const touched: string[] = [];
  if (s.engine === 'mysql') {
    for (const host of mysqlUserHosts(s)) {
      for (const u of users(s)) {
        try {
          await root.raw(`REVOKE ${u.readOnly ? 'SELECT' : 'ALL PRIVILEGES'} ON ??.* FROM ?@?`, [s.name, u.user, host]);
          touched.push(`${u.user}@${host}`);
        } catch (err) {
          // 1141: no such grant; 1269: some privileges could not be revoked; 1133: no such user.
          const errno = (err as { errno?: unknown }).errno;
          if (errno !== 1141 && errno !== 1269 && errno !== 1133) throw err;
        }
      }
    }
  } else if (s.engine === 'pgsql' && tables.length > 0) {
    const list = tables.map(() => '??').join(', ');
    for (const u of users(s)) {
      const exists = await root('pg_roles').select('rolname').where('rolname', u.user);
      if (exists.length === 0) continue;
      await root.raw(`REVOKE ALL PRIVILEGES ON TABLE ${list} FROM ??`, [...tables, u.user]);
      touched.push(u.user);
    }
  }
  return touched;
}

/** PostgreSQL drop also removes the two roles, as kamdbctl does; a role still used elsewhere stays. */
export async function dropPgRoles(root: Knex, s: DbSettings): Promise<{ dropped: string[]; kept: string[] }> {
  const dropped: string[] = [];
  const kept: string[] = [];
  for (const u of users(s)) {
    try {
      await root.raw('DROP ROLE IF EXISTS ??', [u.user]);
      dropped.push(u.user);
    } catch {
      kept.push(u.user);
    }
  }
  return { dropped, kept };
}
