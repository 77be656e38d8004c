/**
 * What a database really holds, read from the engine's own catalog (SQLite pragmas,
 * MariaDB information_schema, PostgreSQL information_schema and pg_catalog), never from
 * sipctl's schema definitions. Plus the comparison with the Kamailio reference.
 */
import type { Knex } from 'knex';
import type { TestEngine } from '../../support/db.js';
import { rawRows, type Row } from '../../../src/db/rows.js';
import type { RefColumn, RefIndex, RefTable, ReferenceSchema } from './reference-schema.js';

export interface LiveColumn {
  readonly name: string;
  /** MariaDB COLUMN_TYPE, PostgreSQL format_type(), SQLite declared type. */
  readonly type: string;
  /** VARCHAR length; null for other types. */
  readonly length: number | null;
  readonly nullable: boolean;
  /** The default as the catalog shows it; null for none. */
  readonly default: string | null;
  readonly autoincrement: boolean;
}

export interface LiveIndex {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface LiveTable {
  readonly name: string;
  readonly columns: readonly LiveColumn[];
  readonly primaryKey: readonly string[];
  readonly unique: readonly LiveIndex[];
  readonly indexes: readonly LiveIndex[];
}

export interface LiveCatalog {
  readonly engine: TestEngine;
  /** Sorted by name. */
  readonly tables: readonly LiveTable[];
  /** `SELECT table_name, table_version FROM version ORDER BY id`; empty without a version table. */
  readonly versionRows: readonly (readonly [string, number])[];
}

function text(r: Row, key: string): string {
  const v = r[key];
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  throw new Error(`catalog row: ${key} is ${typeof v}, not text`);
}

function textOrNull(r: Row, key: string): string | null {
  return r[key] === null || r[key] === undefined ? null : text(r, key);
}

function intOrNull(r: Row, key: string): number | null {
  const v = textOrNull(r, key);
  return v === null ? null : Number(v);
}

function truthy(r: Row, key: string): boolean {
  const v = r[key];
  return v === true || v === 1 || v === '1' || v === 't';
}

async function rows(db: Knex, sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<Row[]> {
  return rawRows(await db.raw(sql, bindings));
}

interface TableParts {
  columns: LiveColumn[];
  primaryKey: string[];
  unique: LiveIndex[];
  indexes: LiveIndex[];
}

function parts(map: Map<string, TableParts>, table: string): TableParts {
  let p = map.get(table);
  if (p === undefined) {
    p = { columns: [], primaryKey: [], unique: [], indexes: [] };
    map.set(table, p);
  }
  return p;
}

/** Index rows (table, index, column in key order) grouped into column lists. */
function groupIndexes(list: readonly { table: string; index: string; column: string }[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const r of list) {
    let byIndex = out.get(r.table);
    if (byIndex === undefined) {
      byIndex = new Map();
      out.set(r.table, byIndex);
    }
    const cols = byIndex.get(r.index) ?? [];
    cols.push(r.column);
    byIndex.set(r.index, cols);
  }
  return out;
}

async function readMysql(db: Knex): Promise<Map<string, TableParts>> {
  const out = new Map<string, TableParts>();
  for (const r of await rows(db, "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'")) parts(out, text(r, 't'));
  const cols = await rows(
    db,
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt,
            EXTRA AS extra, DATA_TYPE AS dtype, CHARACTER_MAXIMUM_LENGTH AS len
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  for (const r of cols) {
    const dtype = text(r, 'dtype').toLowerCase();
    parts(out, text(r, 't')).columns.push({
      name: text(r, 'c'),
      type: text(r, 'type'),
      length: dtype === 'varchar' || dtype === 'char' ? intOrNull(r, 'len') : null,
      nullable: text(r, 'nullable') === 'YES',
      default: textOrNull(r, 'dflt'),
      autoincrement: text(r, 'extra').toLowerCase().includes('auto_increment'),
    });
  }
  const kinds = new Map<string, string>();
  for (const r of await rows(db, 'SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, CONSTRAINT_TYPE AS k FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()')) {
    kinds.set(`${text(r, 't')}\0${text(r, 'n')}`, text(r, 'k'));
  }
  const stats = await rows(
    db,
    `SELECT TABLE_NAME AS t, INDEX_NAME AS i, NON_UNIQUE AS nu, COLUMN_NAME AS c
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const nonUnique = new Map<string, boolean>();
  for (const r of stats) nonUnique.set(`${text(r, 't')}\0${text(r, 'i')}`, text(r, 'nu') !== '0');
  for (const [table, byIndex] of groupIndexes(stats.map((r) => ({ table: text(r, 't'), index: text(r, 'i'), column: text(r, 'c') })))) {
    const p = parts(out, table);
    for (const [index, columns] of byIndex) {
      const kind = kinds.get(`${table}\0${index}`);
      if (kind === 'PRIMARY KEY') p.primaryKey = columns;
      else if (kind === 'UNIQUE' || nonUnique.get(`${table}\0${index}`) === false) p.unique.push({ name: index, columns });
      else p.indexes.push({ name: index, columns });
    }
  }
  return out;
}

async function readPgsql(db: Knex): Promise<Map<string, TableParts>> {
  const out = new Map<string, TableParts>();
  for (const r of await rows(db, 'SELECT tablename AS t FROM pg_catalog.pg_tables WHERE schemaname = current_schema()')) parts(out, text(r, 't'));
  const cols = await rows(
    db,
    `SELECT c.table_name AS t, c.column_name AS c, format_type(a.atttypid, a.atttypmod) AS type, c.is_nullable AS nullable,
            c.column_default AS dflt, c.character_maximum_length AS len
       FROM information_schema.columns c
       JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema
       JOIN pg_catalog.pg_class k ON k.relnamespace = n.oid AND k.relname = c.table_name
       JOIN pg_catalog.pg_attribute a ON a.attrelid = k.oid AND a.attname = c.column_name
      WHERE c.table_schema = current_schema()
      ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const r of cols) {
    const dflt = textOrNull(r, 'dflt');
    parts(out, text(r, 't')).columns.push({
      name: text(r, 'c'),
      type: text(r, 'type'),
      length: intOrNull(r, 'len'),
      nullable: text(r, 'nullable') === 'YES',
      default: dflt,
      autoincrement: dflt?.startsWith('nextval(') === true,
    });
  }
  const idx = await rows(
    db,
    `SELECT t.relname AS t, i.relname AS i, x.indisprimary AS pk, x.indisunique AS uq, a.attname AS c
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema()
      ORDER BY t.relname, i.relname, k.ord`,
  );
  const flags = new Map<string, { pk: boolean; uq: boolean }>();
  for (const r of idx) flags.set(`${text(r, 't')}\0${text(r, 'i')}`, { pk: truthy(r, 'pk'), uq: truthy(r, 'uq') });
  for (const [table, byIndex] of groupIndexes(idx.map((r) => ({ table: text(r, 't'), index: text(r, 'i'), column: text(r, 'c') })))) {
    const p = parts(out, table);
    for (const [index, columns] of byIndex) {
      const f = flags.get(`${table}\0${index}`);
      if (f?.pk === true) p.primaryKey = columns;
      else if (f?.uq === true) p.unique.push({ name: index, columns });
      else p.indexes.push({ name: index, columns });
    }
  }
  return out;
}

async function readSqlite(db: Knex): Promise<Map<string, TableParts>> {
  const out = new Map<string, TableParts>();
  const tables = (await rows(db, "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r) => text(r, 't'));
  for (const table of tables) {
    const p = parts(out, table);
    const info = await rows(db, 'SELECT name, type, "notnull" AS nn, dflt_value AS dflt, pk FROM pragma_table_info(?) ORDER BY cid', [table]);
    const pk = info.filter((r) => Number(text(r, 'pk')) > 0).sort((a, b) => Number(text(a, 'pk')) - Number(text(b, 'pk')));
    p.primaryKey = pk.map((r) => text(r, 'name'));
    for (const r of info) {
      const type = text(r, 'type');
      const len = /^\s*(?:VAR)?CHAR(?:ACTER)?\s*\(\s*(\d+)\s*\)\s*$/i.exec(type)?.[1];
      p.columns.push({
        name: text(r, 'name'),
        type,
        length: len === undefined ? null : Number(len),
        nullable: text(r, 'nn') === '0',
        default: textOrNull(r, 'dflt'),
        // A single INTEGER PRIMARY KEY column is the rowid alias: SQLite's auto-increment.
        autoincrement: pk.length === 1 && pk[0] === r && type.toUpperCase() === 'INTEGER',
      });
    }
    for (const ix of await rows(db, 'SELECT name, "unique" AS uq, origin FROM pragma_index_list(?) ORDER BY name', [table])) {
      if (text(ix, 'origin') === 'pk') continue;
      const name = text(ix, 'name');
      const columns = (await rows(db, 'SELECT name FROM pragma_index_info(?) ORDER BY seqno', [name])).map((r) => text(r, 'name'));
      (text(ix, 'uq') === '1' ? p.unique : p.indexes).push({ name, columns });
    }
  }
  return out;
}

/** Reads the whole catalog of the database `db` is connected to. */
export async function readCatalog(db: Knex, engine: TestEngine): Promise<LiveCatalog> {
  const byTable = engine === 'mysql' ? await readMysql(db) : engine === 'pgsql' ? await readPgsql(db) : await readSqlite(db);
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const tables: LiveTable[] = [...byTable].map(([name, p]) => ({ name, ...p, unique: [...p.unique].sort(byName), indexes: [...p.indexes].sort(byName) })).sort(byName);
  let versionRows: [string, number][] = [];
  if (byTable.has('version')) {
    versionRows = (await rows(db, 'SELECT table_name AS t, table_version AS v FROM version ORDER BY id')).map((r) => [text(r, 't'), Number(text(r, 'v'))]);
  }
  return { engine, tables, versionRows };
}

// ---------------------------------------------------------------------------------------
// Comparison with the reference

export interface CompareOptions {
  /** Compare the version rows as a set: a completed create appends the rows it re-adds. */
  readonly versionRowOrder?: 'strict' | 'set';
}

/** The reference's type, default and length of a column on one engine. */
function expectedOn(engine: TestEngine, c: RefColumn): { type: string; default: string | null } {
  switch (engine) {
    case 'mysql':
      return { type: c.mysqlType, default: c.mysqlDefault };
    case 'pgsql':
      return { type: c.pgsqlType, default: c.pgsqlDefault };
    case 'sqlite':
      return { type: c.sqliteType, default: c.sqliteDefault };
  }
}

/** PostgreSQL qualifies sequence names in nextval() only when the schema is not on the search path. */
function normaliseDefault(engine: TestEngine, d: string | null): string | null {
  return engine === 'pgsql' && d !== null ? d.replaceAll('public.', '') : d;
}

const show = (v: unknown): string => JSON.stringify(v);

function keyList(list: readonly { columns: readonly string[] }[]): string[] {
  return list.map((i) => `(${i.columns.join(',')})`).sort();
}

function refIndexName(engine: TestEngine, i: RefIndex): string {
  switch (engine) {
    case 'mysql':
      return i.name;
    case 'pgsql':
      return i.pgsqlName;
    case 'sqlite':
      return i.sqliteName;
  }
}

/**
 * Keys and indexes are the same when their column lists are. Names are compared too where
 * they are stable: not for SQLite unique keys, which kamdbctl writes as inline constraints
 * that SQLite names sqlite_autoindex_<table>_<n> itself.
 */
function compareIndexSets(out: string[], engine: TestEngine, where: string, what: 'unique key' | 'index', live: readonly LiveIndex[], ref: readonly RefIndex[]): void {
  const got = keyList(live);
  const want = keyList(ref);
  const missing = want.filter((k) => !got.includes(k));
  const extra = got.filter((k) => !want.includes(k));
  if (missing.length > 0) out.push(`${where}: ${what} missing on ${missing.join(' ')}`);
  if (extra.length > 0) out.push(`${where}: ${what} not in Kamailio's schema on ${extra.join(' ')}`);
  if (missing.length === 0 && extra.length === 0 && got.length !== want.length) out.push(`${where}: ${what} count ${got.length}, expected ${want.length}`);
  if (engine === 'sqlite' && what === 'unique key') return;
  for (const ri of ref) {
    const li = live.find((i) => show(i.columns) === show(ri.columns));
    const name = refIndexName(engine, ri);
    if (li !== undefined && li.name !== name) out.push(`${where}: ${what} on (${ri.columns.join(',')}) is named ${show(li.name)}, expected ${show(name)}`);
  }
}

function compareTable(out: string[], engine: TestEngine, live: LiveTable, ref: RefTable): void {
  const liveNames = live.columns.map((c) => c.name);
  const refNames = ref.columns.map((c) => c.name);
  if (show(liveNames) !== show(refNames)) out.push(`${ref.name}: columns ${show(liveNames)}, expected ${show(refNames)}`);
  for (const rc of ref.columns) {
    const lc = live.columns.find((c) => c.name === rc.name);
    if (lc === undefined) continue;
    const where = `${ref.name}.${rc.name}`;
    const want = expectedOn(engine, rc);
    if (lc.type !== want.type) out.push(`${where}: type ${show(lc.type)}, expected ${show(want.type)}`);
    if (lc.length !== rc.length) out.push(`${where}: length ${show(lc.length)}, expected ${show(rc.length)}`);
    if (lc.nullable !== rc.nullable) out.push(`${where}: ${lc.nullable ? 'NULL' : 'NOT NULL'}, expected ${rc.nullable ? 'NULL' : 'NOT NULL'}`);
    const gotDefault = normaliseDefault(engine, lc.default);
    const wantDefault = normaliseDefault(engine, want.default);
    if (gotDefault !== wantDefault) out.push(`${where}: default ${show(gotDefault)}, expected ${show(wantDefault)}`);
    if (lc.autoincrement !== rc.autoincrement) out.push(`${where}: ${lc.autoincrement ? 'auto-increment' : 'not auto-increment'}, expected ${rc.autoincrement ? 'auto-increment' : 'not auto-increment'}`);
  }
  if (show(live.primaryKey) !== show(ref.primaryKey)) out.push(`${ref.name}: primary key ${show(live.primaryKey)}, expected ${show(ref.primaryKey)}`);
  compareIndexSets(out, engine, ref.name, 'unique key', live.unique, ref.unique);
  compareIndexSets(out, engine, ref.name, 'index', live.indexes, ref.indexes);
}

function compareVersionRows(out: string[], live: LiveCatalog['versionRows'], ref: ReferenceSchema['versionRows'], order: 'strict' | 'set'): void {
  const fmt = (r: readonly [string, number]) => `${r[0]}=${r[1]}`;
  const got = live.map(fmt);
  const want = ref.map(fmt);
  const missing = want.filter((r) => !got.includes(r));
  const extra = got.filter((r) => !want.includes(r));
  if (missing.length > 0) out.push(`version: rows missing: ${missing.join(' ')}`);
  if (extra.length > 0) out.push(`version: rows not in Kamailio's: ${extra.join(' ')}`);
  const dupes = got.filter((r, i) => got.indexOf(r) !== i);
  if (dupes.length > 0) out.push(`version: duplicate rows: ${dupes.join(' ')}`);
  if (order === 'strict' && missing.length === 0 && extra.length === 0 && dupes.length === 0 && show(got) !== show(want)) {
    const at = got.findIndex((r, i) => r !== want[i]);
    out.push(`version: rows in another order; row ${at + 1} is ${String(got[at])}, expected ${String(want[at])}`);
  }
}

/** Every difference between the live catalog and the reference, one readable line each. */
export function compareWithReference(live: LiveCatalog, ref: ReferenceSchema, opts: CompareOptions = {}): string[] {
  const out: string[] = [];
  const liveByName = new Map(live.tables.map((t) => [t.name, t]));
  const refNames = new Set(ref.tables.map((t) => t.name));
  const missing = ref.tables.filter((t) => !liveByName.has(t.name)).map((t) => t.name);
  const extra = live.tables.filter((t) => !refNames.has(t.name)).map((t) => t.name);
  if (missing.length > 0) out.push(`tables missing: ${missing.join(' ')}`);
  if (extra.length > 0) out.push(`tables not in Kamailio's schema: ${extra.join(' ')}`);
  for (const rt of ref.tables) {
    const lt = liveByName.get(rt.name);
    if (lt !== undefined) compareTable(out, live.engine, lt, rt);
  }
  compareVersionRows(out, live.versionRows, ref.versionRows, opts.versionRowOrder ?? 'strict');
  return out;
}

/** The assertion message for a list of differences. */
export function describeDifferences(engine: TestEngine, diffs: readonly string[]): string {
  return `${engine}: ${diffs.length} difference(s) from Kamailio 5.6's schema:\n  ${diffs.join('\n  ')}`;
}
