/**
 * mtree tables: prefix → value trees. kamctl's mtree commands take the table name as an
 * argument because the module can load several tables of the mtree layout; sipctl accepts any
 * table that has the tprefix and tvalue columns, and quotes it as an identifier.
 */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { asRows, type Row } from '../rows.js';
import { num, text } from './table-row.js';

/** The mtree module's default char_list: the characters a prefix may hold. */
export const MTREE_DEFAULT_CHARS = '0123456789*#+';

/** Widths of the stock mtree table. */
const TPREFIX_MAX = 32;
const TVALUE_MAX = 128;

export interface MtreeRow {
  readonly id: number;
  readonly tprefix: string;
  readonly tvalue: string;
}

function toRow(r: Row): MtreeRow {
  return { id: num(r, 'id'), tprefix: text(r, 'tprefix'), tvalue: text(r, 'tvalue') };
}

export function checkMtreeTableName(table: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(table)) {
    throw new AppError('E_USAGE', `mtree table name ${JSON.stringify(table)} must be letters, digits and "_", starting with a letter or "_"`);
  }
}

export function checkMtreeEntry(tprefix: string, tvalue: string, chars: string = MTREE_DEFAULT_CHARS): void {
  if (tprefix === '') throw new AppError('E_USAGE', 'the prefix is empty');
  const bad = Array.from(tprefix).find((c) => !chars.includes(c));
  if (bad !== undefined) {
    throw new AppError('E_USAGE', `prefix ${JSON.stringify(tprefix)} holds ${JSON.stringify(bad)}, which the mtree module's char_list ${JSON.stringify(chars)} does not allow`);
  }
  if (Array.from(tprefix).length > TPREFIX_MAX) throw new AppError('E_USAGE', `prefix ${JSON.stringify(tprefix)} is longer than ${String(TPREFIX_MAX)} characters`);
  if (Array.from(tvalue).length > TVALUE_MAX) throw new AppError('E_USAGE', `value is longer than ${String(TVALUE_MAX)} characters`);
}

/** Fails with E_NOT_FOUND unless the table exists with mtree's columns. */
async function requireMtreeTable(db: Knex | Knex.Transaction, table: string): Promise<void> {
  checkMtreeTableName(table);
  if (!(await db.schema.hasTable(table))) throw new AppError('E_NOT_FOUND', `there is no table ${table}`);
  const cols = await db(table).columnInfo();
  if (!('tprefix' in cols) || !('tvalue' in cols)) throw new AppError('E_USAGE', `table ${table} has no tprefix and tvalue columns; it is not an mtree table`);
}

export async function listMtree(db: Knex, table: string): Promise<MtreeRow[]> {
  await requireMtreeTable(db, table);
  return asRows(await db(table).select('*').orderBy('tprefix')).map(toRow);
}

export async function addMtree(db: Knex, table: string, tprefix: string, tvalue: string): Promise<MtreeRow> {
  return db.transaction(async (tx) => {
    await requireMtreeTable(tx, table);
    const same: unknown = await tx(table).first('id').where('tprefix', tprefix);
    if (same !== undefined) throw new AppError('E_EXISTS', `prefix ${tprefix} is already in ${table}`);
    await tx(table).insert({ tprefix, tvalue });
    const row = asRows(await tx(table).select('*').where('tprefix', tprefix))[0];
    if (row === undefined) throw new AppError('E_INTERNAL', 'the mtree row vanished after its insert');
    return toRow(row);
  });
}

export async function removeMtree(db: Knex, table: string, tprefix: string): Promise<MtreeRow[]> {
  return db.transaction(async (tx) => {
    await requireMtreeTable(tx, table);
    const rows = asRows(await tx(table).select('*').where('tprefix', tprefix)).map(toRow);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `prefix ${tprefix} is not in ${table}`);
    await tx(table).where('tprefix', tprefix).delete();
    return rows;
  });
}
