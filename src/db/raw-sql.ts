/**
 * Raw SQL for administrators (kamctl db exec/query/show/smatch/nmatch): statements with `?`
 * placeholders and bound values, table and column names quoted as identifiers, and the
 * engines' different result shapes brought into one.
 */
import type { Knex } from 'knex';
import { AppError } from '../errors.js';
import { asRows, type Row } from './rows.js';
import type { Engine } from './settings.js';
import { listTables } from './tables.js';

/** A cell as JSON can carry it. */
export type SqlValue = string | number | boolean | null;

export interface SqlResult {
  /** Column names in result order; empty for a statement that returns no rows. */
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, SqlValue>>[];
  /** Rows changed by an INSERT, UPDATE or DELETE; null when the engine does not say or nothing was changed. */
  readonly affected: number | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function sqlValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  if (v instanceof Date) {
    return `${String(v.getFullYear())}-${pad(v.getMonth() + 1)}-${pad(v.getDate())} ${pad(v.getHours())}:${pad(v.getMinutes())}:${pad(v.getSeconds())}`;
  }
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return JSON.stringify(v);
}

function normalise(rows: readonly Row[], affected: number | null, fieldNames?: readonly string[]): SqlResult {
  const columns = fieldNames ?? (rows[0] === undefined ? [] : Object.keys(rows[0]));
  return { columns, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sqlValue(v)]))), affected };
}

function fieldNamesOf(x: unknown): string[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const names = x.map((f: unknown) => (typeof f === 'object' && f !== null && 'name' in f && typeof f.name === 'string' ? f.name : undefined));
  return names.every((n): n is string => n !== undefined) ? names : undefined;
}

/** Runs one statement with bound values and reads its result, whatever the engine. */
export async function runSql(db: Knex, engine: Engine, sql: string, bindings: readonly SqlValue[] = []): Promise<SqlResult> {
  if (sql.trim() === '') throw new AppError('E_USAGE', 'the SQL statement is empty');
  const placeholders = countPlaceholders(sql);
  if (placeholders !== bindings.length) {
    throw new AppError('E_USAGE', `the statement has ${String(placeholders)} "?" placeholder(s) but ${String(bindings.length)} value(s) were given with --bind`);
  }
  const result: unknown = await db.raw(sql, [...bindings]);
  switch (engine) {
    case 'pgsql': {
      const r = result as { rows?: unknown; rowCount?: unknown; command?: unknown; fields?: unknown };
      const rows = asRows(r.rows);
      const isSelect = r.command === 'SELECT' || rows.length > 0 || (Array.isArray(r.fields) && r.fields.length > 0);
      return normalise(rows, isSelect ? null : typeof r.rowCount === 'number' ? r.rowCount : null, fieldNamesOf(r.fields));
    }
    case 'mysql': {
      const [first, fields] = Array.isArray(result) ? (result as unknown[]) : [];
      if (Array.isArray(first)) return normalise(asRows(first), null, fieldNamesOf(fields));
      const affected = typeof first === 'object' && first !== null && 'affectedRows' in first ? Number(first.affectedRows) : null;
      return { columns: [], rows: [], affected };
    }
    case 'sqlite': {
      const rows = asRows(result);
      if (rows.length > 0 || /^\s*(select|with|pragma|values|explain)\b/i.test(sql)) return normalise(rows, null);
      const changes = asRows(await db.raw('select changes() as n'))[0];
      return { columns: [], rows: [], affected: changes === undefined ? null : Number(changes['n']) };
    }
  }
}

/** "?" outside quotes and comments; "??" (knex's identifier binding) is refused. */
function countPlaceholders(sql: string): number {
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charAt(i);
    if (c === "'" || c === '"' || c === '`') {
      const end = sql.indexOf(c, i + 1);
      i = end < 0 ? sql.length : end;
    } else if (c === '-' && sql.charAt(i + 1) === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (c === '/' && sql.charAt(i + 1) === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '?') {
      if (sql.charAt(i + 1) === '?') throw new AppError('E_USAGE', '"??" is not a placeholder here; bind values with "?" and write table names out');
      n++;
    }
  }
  return n;
}

/** Fails with E_NOT_FOUND unless the table exists; returns its column names. */
export async function requireTable(db: Knex, engine: Engine, table: string): Promise<string[]> {
  const tables = await listTables(db, engine);
  if (!tables.has(table)) throw new AppError('E_NOT_FOUND', `there is no table ${JSON.stringify(table)} in this database`);
  return Object.keys(await db(table).columnInfo());
}

export async function showTable(db: Knex, engine: Engine, table: string, limit?: number): Promise<SqlResult> {
  const columns = await requireTable(db, engine, table);
  const q = db(table).select('*');
  if (columns.includes('id')) void q.orderBy('id');
  if (limit !== undefined) void q.limit(limit);
  return { ...normalise(asRows(await q), null), columns };
}

/**
 * kamctl's smatch (string) and nmatch (number): the rows whose column equals the value. The
 * value is bound, the column checked against the table's columns.
 */
export async function matchRows(db: Knex, engine: Engine, table: string, column: string, value: string, kind: 'string' | 'number'): Promise<SqlResult> {
  const columns = await requireTable(db, engine, table);
  if (!columns.includes(column)) throw new AppError('E_NOT_FOUND', `table ${table} has no column ${JSON.stringify(column)}; it has ${columns.join(', ')}`);
  let bound: string | number = value;
  if (kind === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw new AppError('E_USAGE', `${JSON.stringify(value)} is not a number; use smatch to match text`);
    bound = Number(value);
  }
  const q = db(table).select('*').where(column, bound);
  if (columns.includes('id')) void q.orderBy('id');
  return { ...normalise(asRows(await q), null), columns };
}
