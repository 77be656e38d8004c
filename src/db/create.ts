/** `db create` and `db drop`: kamdbctl's create and drop, idempotent and all-or-nothing where the engine allows. */
import type { Knex } from 'knex';
import type { SchemaModule } from '../../schema/types.js';
import type { ProgressFn } from '../progress.js';
import { createDatabase, createPgFunctions, databaseExists, dropDatabase, dropPgRoles, ensureUsers, grantTables, mysqlUserHosts, revokeUsers } from './admin.js';
import { connect } from './connect.js';
import { describeDb, type DbSettings } from './settings.js';
import { createTables, listTables } from './tables.js';

export type CreateStep = 'database' | 'users' | 'tables';

export interface CreateOptions {
  readonly modules: readonly SchemaModule[];
  /** Asked before each step when DBINITASK=yes; absent means every step runs. */
  readonly confirm?: (step: CreateStep) => Promise<boolean>;
  readonly progress?: ProgressFn;
}

export interface DbCreateResult {
  readonly database: string;
  readonly databaseCreated: boolean;
  readonly usersCreated: string[];
  readonly tablesCreated: string[];
  readonly tablesExisting: string[];
  readonly versionRowsAdded: string[];
}

async function withDb<T>(db: Knex, fn: (db: Knex) => Promise<T>): Promise<T> {
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export async function createDb(s: DbSettings, opts: CreateOptions): Promise<DbCreateResult> {
  const ok = async (step: CreateStep) => (opts.confirm === undefined ? true : opts.confirm(step));
  let databaseCreated = false;
  let usersCreated: string[] = [];
  if (s.engine !== 'sqlite') {
    await withDb(await connect(s, 'root', { serverOnly: true }), async (root) => {
      if (!(await databaseExists(root, s)) && (await ok('database'))) {
        await createDatabase(root, s);
        databaseCreated = true;
      }
      if (await ok('users')) usersCreated = await ensureUsers(root, s);
    });
  } else {
    databaseCreated = !(await databaseExists(undefined, s));
  }
  const tables = (await ok('tables')) ? opts.modules : opts.modules.filter((m) => m.group !== 'standard');
  const created = await withDb(await connect(s, 'root', { create: true }), async (db) => {
    const r = await createTables(db, s.engine, tables, opts.progress);
    if (s.engine === 'pgsql') {
      await createPgFunctions(db);
      if (usersCreated.length > 0 || r.created.length > 0) await grantTables(db, s, tables.flatMap((m) => m.tables.map((t) => t.name)).concat('version'));
    }
    return r;
  });
  return {
    database: describeDb(s),
    databaseCreated,
    usersCreated,
    tablesCreated: created.created,
    tablesExisting: created.existing,
    versionRowsAdded: created.versionRowsAdded,
  };
}

export interface DbAddTablesResult {
  readonly database: string;
  readonly modules: string[];
  readonly tablesCreated: string[];
  readonly tablesExisting: string[];
}

/** Adds the tables of some schema modules to an existing database (kamdbctl presence, extra, dbuid, add-tables). */
export async function addTables(s: DbSettings, modules: readonly SchemaModule[], progress?: ProgressFn): Promise<DbAddTablesResult> {
  return withDb(await connect(s, 'root'), async (db) => {
    const r = await createTables(db, s.engine, modules, progress);
    if (s.engine === 'pgsql' && r.created.length > 0) await grantTables(db, s, r.created);
    return { database: describeDb(s), modules: modules.map((m) => m.name), tablesCreated: r.created, tablesExisting: r.existing };
  });
}

export interface DbGrantResult {
  readonly database: string;
  readonly users: string[];
}

/** kamdbctl grant: the users and their privileges on the database (MySQL, PostgreSQL). */
export async function grantDb(s: DbSettings): Promise<DbGrantResult> {
  if (s.engine === 'sqlite') return { database: describeDb(s), users: [] };
  await withDb(await connect(s, 'root', { serverOnly: true }), (root) => ensureUsers(root, s));
  return withDb(await connect(s, 'root'), async (db) => {
    const tables = [...(await listTables(db, s.engine))];
    await grantTables(db, s, tables);
    return { database: describeDb(s), users: s.engine === 'mysql' ? mysqlUserHosts(s).flatMap((h) => [s.rwUser, s.roUser].map((u) => `${u}@${h}`)) : [s.rwUser, s.roUser] };
  });
}

/** kamdbctl revoke: takes the privileges away again; the users stay. */
export async function revokeDb(s: DbSettings): Promise<DbGrantResult> {
  if (s.engine === 'sqlite') return { database: describeDb(s), users: [] };
  if (s.engine === 'mysql') {
    return withDb(await connect(s, 'root', { serverOnly: true }), async (root) => ({ database: describeDb(s), users: await revokeUsers(root, s, []) }));
  }
  return withDb(await connect(s, 'root'), async (db) => ({ database: describeDb(s), users: await revokeUsers(db, s, [...(await listTables(db, s.engine))]) }));
}

export interface DbDropResult {
  readonly database: string;
  readonly dropped: boolean;
  readonly usersDropped: string[];
  readonly usersKept: string[];
}

export async function dropDb(s: DbSettings): Promise<DbDropResult> {
  if (s.engine === 'sqlite') {
    return { database: describeDb(s), dropped: await dropDatabase(undefined, s), usersDropped: [], usersKept: [] };
  }
  return withDb(await connect(s, 'root', { serverOnly: true }), async (root) => {
    const dropped = await dropDatabase(root, s);
    const roles = s.engine === 'pgsql' ? await dropPgRoles(root, s) : { dropped: [], kept: [] };
    return { database: describeDb(s), dropped, usersDropped: roles.dropped, usersKept: roles.kept };
  });
}
