/**
 * What the routing-data repositories share: checking values against the column widths of
 * the Kamailio schema before a write (MySQL in strict mode and PostgreSQL would reject an
 * over-long value, SQLite would store it and Kamailio would then read what no other engine
 * holds), reading typed fields out of driver rows, and the timestamp format Kamailio writes.
 */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { connect, dbError, type DbRole } from '../connect.js';
import type { Row } from '../rows.js';
import type { DbSettings } from '../settings.js';
import { TABLE_BY_NAME } from '../tables.js';

/** Every value a routing-data row holds. */
export type FieldValue = string | number | null;

/**
 * Throws E_USAGE when a string is longer than its VARCHAR column or an integer is outside
 * the column's range. Lengths count characters, as MySQL and PostgreSQL do.
 */
export function checkColumns(table: string, values: Readonly<Record<string, FieldValue>>): void {
  const def = TABLE_BY_NAME.get(table);
  if (def === undefined) throw new AppError('E_INTERNAL', `no schema definition for table ${table}`);
  for (const [name, value] of Object.entries(values)) {
    const col = def.columns.find((c) => c.name === name);
    if (col === undefined) throw new AppError('E_INTERNAL', `table ${table} has no column ${name}`);
    if (typeof value === 'string' && col.length !== undefined) {
      const control = Array.from(value).find((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
      if (control !== undefined) {
        throw new AppError('E_USAGE', `${table}.${name}: ${JSON.stringify(abbreviate(value))} contains the control character U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      }
      const chars = Array.from(value).length;
      if (chars > col.length) {
        throw new AppError('E_USAGE', `${table}.${name} holds at most ${String(col.length)} characters; ${JSON.stringify(abbreviate(value))} has ${String(chars)}`);
      }
    }
    if (typeof value === 'number' && (col.type === 'int' || col.type === 'short')) {
      const bits = col.type === 'int' ? 32 : 16;
      const min = col.unsigned === true ? 0 : -(2 ** (bits - 1));
      const max = col.unsigned === true ? 2 ** bits - 1 : 2 ** (bits - 1) - 1;
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new AppError('E_USAGE', `${table}.${name} must be an integer from ${String(min)} to ${String(max)}; got ${String(value)}`);
      }
    }
  }
}

function abbreviate(s: string): string {
  const chars = Array.from(s);
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : s;
}

export function text(row: Row, name: string): string {
  const v = row[name];
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return localTimestamp(v);
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return JSON.stringify(v);
}

export function nullableText(row: Row, name: string): string | null {
  const v = row[name];
  return v === null || v === undefined ? null : text(row, name);
}

/** A numeric column; drivers return BIGINT and DECIMAL as strings. */
export function num(row: Row, name: string): number {
  const v = row[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' || typeof v === 'bigint') return Number(v);
  return 0;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD HH:MM:SS' in local time: what kamctl's now() writes and Kamailio reads back. */
export function localTimestamp(d: Date = new Date()): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Runs `fn` and reports driver errors as sipctl errors naming the database. */
export async function guarded<T>(s: DbSettings, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw dbError(err, s);
  }
}

/** The id of a row just inserted, on every engine (PostgreSQL needs RETURNING). */
export async function insertReturningId(db: Knex | Knex.Transaction, table: string, values: Readonly<Record<string, FieldValue>>): Promise<number> {
  const result: unknown = await db(table).insert(values, ['id']);
  const first: unknown = Array.isArray(result) ? result[0] : undefined;
  if (typeof first === 'number') return first;
  if (typeof first === 'object' && first !== null && 'id' in first) return Number(first.id);
  return Number(first);
}

/**
 * Connects as `role`, runs `fn`, and closes the connection whatever happens. Driver errors
 * come out as E_DB_* errors naming the database; sipctl's own errors pass through.
 */
export async function withDb<T>(s: DbSettings, role: DbRole, fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = await connect(s, role);
  try {
    return await guarded(s, () => fn(db));
  } finally {
    await db.destroy();
  }
}
