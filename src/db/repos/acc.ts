/**
 * The acc module's tables: the extra columns the stock kamailio.cfg writes under WITH_ACCDB
 * (its ACCDB_COMMENT block, which kamctl `acc initdb` runs), and reading accounting rows.
 */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { asRows, type Row } from '../rows.js';
import { encodeTime, engineOf } from './location.js';
import { localTimestamp } from './table-row.js';

/** The db_extra columns of the stock cfg, with the widths of its ALTER TABLE statements. */
export const ACC_EXTRA_COLUMNS = [
  { name: 'src_user', length: 64 },
  { name: 'src_domain', length: 128 },
  { name: 'src_ip', length: 64 },
  { name: 'dst_ouser', length: 64 },
  { name: 'dst_user', length: 64 },
  { name: 'dst_domain', length: 128 },
] as const;

export const ACC_EXTRA_TABLES = ['acc', 'missed_calls'] as const;

export interface AccInitResult {
  /** `table.column` added by this run. */
  readonly added: readonly string[];
  /** `table.column` that were there already. */
  readonly present: readonly string[];
}

/**
 * Adds the missing extra columns as VARCHAR(n) NOT NULL DEFAULT ''. Unlike kamctl, which
 * fails on the first column that exists, a second run adds nothing and succeeds.
 */
export async function initAccColumns(db: Knex): Promise<AccInitResult> {
  const added: string[] = [];
  const present: string[] = [];
  for (const table of ACC_EXTRA_TABLES) {
    if (!(await db.schema.hasTable(table))) throw new AppError('E_NOT_FOUND', `there is no ${table} table (run sipctl db create)`);
    const cols = await db(table).columnInfo();
    const missing = ACC_EXTRA_COLUMNS.filter((c) => !(c.name in cols));
    for (const c of ACC_EXTRA_COLUMNS) if (c.name in cols) present.push(`${table}.${c.name}`);
    if (missing.length === 0) continue;
    await db.schema.alterTable(table, (t) => {
      for (const c of missing) t.string(c.name, c.length).notNullable().defaultTo('');
    });
    for (const c of missing) added.push(`${table}.${c.name}`);
  }
  return { added, present };
}

export interface AccQuery {
  /** Only rows at or after this local time ('YYYY-MM-DD HH:MM:SS'). */
  readonly since?: string;
  /** At most this many rows, the newest. */
  readonly limit?: number;
}

export async function listAcc(db: Knex, q: AccQuery = {}, table: 'acc' | 'missed_calls' = 'acc'): Promise<Row[]> {
  const query = db(table).select('*').orderBy('time', 'desc').orderBy('id', 'desc');
  if (q.since !== undefined) void query.where('time', '>=', q.since);
  if (q.limit !== undefined) void query.limit(q.limit);
  return asRows(await query).reverse();
}

/** The local time `seconds` ago, as acc writes its time column. */
export function secondsAgo(seconds: number, now: Date = new Date()): string {
  return localTimestamp(new Date(now.getTime() - seconds * 1000));
}

/** One accounting record as the acc module writes it: the standard columns and the db_extra ones. */
export type AccRecord = Readonly<Record<string, string>>;

/**
 * Inserts one row into `acc` or `missed_calls` (or the table the acc module was told to use),
 * with `time` (ms) in `timeColumn` as Kamailio 5.6 stores a datetime on this engine.
 */
export async function insertAccRecord(db: Knex, table: string, record: AccRecord, timeColumn: string, time: number): Promise<void> {
  await db(table).insert({ ...record, [timeColumn]: encodeTime(engineOf(db), time) });
}
