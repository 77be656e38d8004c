/**
 * Moving rows between databases, portably: what db backup writes and db restore reads,
 * and what db copy pipes from one engine to another. Values are reduced to JSON types:
 * timestamps as 'YYYY-MM-DD HH:MM:SS' text, binary columns as {"$b64": "…"}.
 */
import type { Knex } from 'knex';
import { AppError } from '../errors.js';
import type { ProgressFn } from '../progress.js';
import type { Row } from './rows.js';
import { asRows } from './rows.js';
import type { Engine } from './settings.js';
import { listTables, readVersions, TABLE_BY_NAME } from './tables.js';

export type CellValue = string | number | boolean | null | { readonly $b64: string };

export interface TableHeader {
  readonly name: string;
  readonly version: number;
  readonly columns: readonly string[];
  readonly rows: number;
}

export interface DumpHeader {
  readonly format: 'sipctl-backup';
  readonly formatVersion: 1;
  readonly created: string;
  readonly engine: Engine;
  readonly tables: readonly TableHeader[];
}

export interface RowBatch {
  readonly table: string;
  readonly rows: readonly (readonly CellValue[])[];
}

const BATCH_CELLS = 20_000;

function batchRows(columns: number): number {
  return Math.max(1, Math.floor(BATCH_CELLS / Math.max(1, columns)));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function toCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return { $b64: v.toString('base64') };
  if (v instanceof Date) {
    return `${String(v.getFullYear())}-${pad(v.getMonth() + 1)}-${pad(v.getDate())} ${pad(v.getHours())}:${pad(v.getMinutes())}:${pad(v.getSeconds())}`;
  }
  throw new AppError('E_INTERNAL', `cannot carry a value of type ${typeof v} across databases`);
}

export function fromCell(v: CellValue): string | number | boolean | null | Buffer {
  if (v !== null && typeof v === 'object') return Buffer.from(v.$b64, 'base64');
  return v;
}

/** The Kamailio tables of a database with their version and row count (the version table itself is not data). */
export async function dumpHeader(db: Knex, engine: Engine): Promise<DumpHeader> {
  const present = await listTables(db, engine);
  const versions = await readVersions(db, present);
  const tables: TableHeader[] = [];
  for (const def of TABLE_BY_NAME.values()) {
    if (def.name === 'version' || !present.has(def.name)) continue;
    const count = asRows(await db(def.name).count({ n: '*' }))[0];
    tables.push({ name: def.name, version: versions.get(def.name) ?? def.version, columns: def.columns.map((c) => c.name), rows: Number(count?.['n'] ?? 0) });
  }
  return { format: 'sipctl-backup', formatVersion: 1, created: new Date().toISOString(), engine, tables };
}

/** Reads every row of the tables in the header, in primary-key order, batch by batch. */
export async function* dumpRows(db: Knex, header: DumpHeader): AsyncGenerator<RowBatch> {
  for (const t of header.tables) {
    const def = TABLE_BY_NAME.get(t.name);
    if (def === undefined) continue;
    const size = batchRows(t.columns.length);
    let last: number | undefined;
    for (;;) {
      const q = db(t.name).select([...t.columns]).orderBy(def.primaryKey).limit(size);
      if (last !== undefined) q.where(def.primaryKey, '>', last);
      const rows: Row[] = asRows(await q);
      if (rows.length === 0) break;
      yield { table: t.name, rows: rows.map((r) => t.columns.map((c) => toCell(r[c]))) };
      last = Number(rows[rows.length - 1]?.[def.primaryKey]);
      if (rows.length < size) break;
    }
  }
}

/**
 * Checks that the target has every table of the header, at the same version, and empty.
 * Nothing is written when a check fails.
 */
export async function checkTarget(db: Knex, engine: Engine, header: DumpHeader): Promise<void> {
  const present = await listTables(db, engine);
  const versions = await readVersions(db, present);
  for (const t of header.tables) {
    const def = TABLE_BY_NAME.get(t.name);
    if (def === undefined) throw new AppError('E_BACKUP_FORMAT', `the backup holds table ${t.name}, which is not a Kamailio 5.6 table`);
    if (!present.has(t.name)) throw new AppError('E_DB_MISSING', `the target has no table ${t.name}; create it first (sipctl db create)`);
    const v = versions.get(t.name);
    if (v !== t.version) {
      throw new AppError('E_DB_VERSION', `table ${t.name} is version ${String(t.version)} in the backup but ${v === undefined ? 'has no version row' : `version ${String(v)}`} in the target`);
    }
    const unknown = t.columns.filter((c) => !def.columns.some((d) => d.name === c));
    if (unknown.length > 0) throw new AppError('E_BACKUP_FORMAT', `table ${t.name}: unknown columns ${unknown.join(', ')}`);
    const count = asRows(await db(t.name).count({ n: '*' }))[0];
    if (Number(count?.['n'] ?? 0) > 0) throw new AppError('E_DB_NOT_EMPTY', `table ${t.name} of the target already holds rows; restore needs empty tables`);
  }
}

/** Inserts the batches in one transaction, so that a failure leaves the target as it was. */
export async function loadRows(db: Knex, engine: Engine, header: DumpHeader, batches: AsyncIterable<RowBatch>, progress?: ProgressFn): Promise<number> {
  const columns = new Map(header.tables.map((t) => [t.name, t.columns]));
  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  let done = 0;
  const work = async (trx: Knex.Transaction) => {
    for await (const b of batches) {
      const cols = columns.get(b.table);
      if (cols === undefined) throw new AppError('E_BACKUP_FORMAT', `rows for table ${b.table}, which the header does not list`);
      const records = b.rows.map((r) => {
        if (r.length !== cols.length) throw new AppError('E_BACKUP_FORMAT', `table ${b.table}: a row has ${String(r.length)} values for ${String(cols.length)} columns`);
        return Object.fromEntries(cols.map((c, i) => [c, fromCell(r[i] ?? null)]));
      });
      const size = batchRows(cols.length);
      for (let i = 0; i < records.length; i += size) await trx(b.table).insert(records.slice(i, i + size));
      done += b.rows.length;
      progress?.({ done, total, what: b.table });
    }
    if (engine === 'pgsql') {
      // Explicit ids do not move PostgreSQL sequences: set them past the highest id.
      for (const t of header.tables) {
        const def = TABLE_BY_NAME.get(t.name);
        if (def === undefined || t.rows === 0) continue;
        await trx.raw(`SELECT setval(pg_get_serial_sequence(?, ?), (SELECT max(??) FROM ??))`, [t.name, def.primaryKey, def.primaryKey, t.name]);
      }
    }
  };
  await db.transaction(work);
  return done;
}
