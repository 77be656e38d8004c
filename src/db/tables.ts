/**
 * Creating and inspecting the Kamailio tables of a database: which exist, which version
 * rows they have, and the idempotent create that adds only what is missing.
 */
import type { Knex } from 'knex';
import { SCHEMA_MODULES } from '../../schema/index.js';
import type { SchemaGroup, SchemaModule, TableDef } from '../../schema/types.js';
import { AppError } from '../errors.js';
import type { ProgressFn } from '../progress.js';
import { createTableSql } from './ddl.js';
import { asRows } from './rows.js';
import { DIALECTS } from './dialects/index.js';
import type { Engine } from './settings.js';

export const MODULE_BY_NAME: ReadonlyMap<string, SchemaModule> = new Map(SCHEMA_MODULES.map((m) => [m.name, m]));

/** Every table definition by name (the uid group's uid_domain is distinct from domain). */
export const TABLE_BY_NAME: ReadonlyMap<string, TableDef> = new Map(SCHEMA_MODULES.flatMap((m) => m.tables.map((t) => [t.name, t] as const)));

/** Resolves module names (from STANDARD_MODULES etc. or the command line) to definitions. */
export function modulesByName(names: readonly string[], origin: string): SchemaModule[] {
  return names.map((n) => {
    const m = MODULE_BY_NAME.get(n);
    if (m === undefined) {
      throw new AppError('E_USAGE', `${origin}: unknown schema module "${n}"; known: ${[...MODULE_BY_NAME.keys()].join(' ')}`);
    }
    return m;
  });
}

export function modulesOfGroup(group: SchemaGroup): SchemaModule[] {
  return SCHEMA_MODULES.filter((m) => m.group === group);
}

export async function listTables(db: Knex, engine: Engine): Promise<Set<string>> {
  let rows: unknown;
  switch (engine) {
    case 'sqlite':
      rows = await db('sqlite_master').select({ name: 'name' }).where('type', 'table').andWhereNot('name', 'like', 'sqlite_%');
      break;
    case 'mysql':
      rows = await db('information_schema.tables').select({ name: 'table_name' }).whereRaw('table_schema = database()');
      break;
    case 'pgsql':
      rows = await db('pg_tables').select({ name: 'tablename' }).whereRaw('schemaname = current_schema()');
      break;
  }
  return new Set(asRows(rows).map((r) => String(r['name'])));
}

/** The rows of the version table; empty when there is no version table. */
export async function readVersions(db: Knex, tables: ReadonlySet<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!tables.has('version')) return out;
  const rows: unknown = await db('version').select('table_name', 'table_version').orderBy('id');
  for (const r of asRows(rows)) out.set(String(r['table_name']), Number(r['table_version']));
  return out;
}

export interface CreateTablesResult {
  readonly created: string[];
  readonly existing: string[];
  readonly versionRowsAdded: string[];
}

/**
 * Creates the tables of the given modules that do not exist yet and adds missing version
 * rows, in kamdbctl's order. On SQLite and PostgreSQL all of it is one transaction; MySQL
 * commits each DDL statement by itself, so there a failed run is completed by the next one.
 */
export async function createTables(db: Knex, engine: Engine, modules: readonly SchemaModule[], progress?: ProgressFn): Promise<CreateTablesResult> {
  const dialect = DIALECTS[engine];
  const result: CreateTablesResult = { created: [], existing: [], versionRowsAdded: [] };
  // The version table always comes first, so that every table can be recorded in it.
  const versionTable = TABLE_BY_NAME.get('version');
  if (versionTable === undefined) throw new AppError('E_INTERNAL', 'the schema has no version table');
  const wanted = [versionTable, ...modules.flatMap((m) => m.tables).filter((t) => t !== versionTable)];
  const work = async (trx: Knex | Knex.Transaction) => {
    const present = await listTables(trx, engine);
    const statements: string[] = [];
    for (const t of wanted) {
      if (present.has(t.name)) result.existing.push(t.name);
      else {
        statements.push(...createTableSql(trx, dialect, t));
        result.created.push(t.name);
      }
    }
    let done = 0;
    for (const sql of statements) {
      await trx.raw(sql);
      progress?.({ done: ++done, total: statements.length, what: 'creating tables' });
    }
    const versions = await readVersions(trx, new Set(['version']));
    const rows = wanted.filter((t) => !versions.has(t.name)).map((t) => ({ table_name: t.name, table_version: t.version }));
    if (rows.length > 0) await trx('version').insert(rows);
    result.versionRowsAdded.push(...rows.map((r) => r.table_name));
  };
  if (engine === 'mysql') await work(db);
  else await db.transaction(work);
  return result;
}
