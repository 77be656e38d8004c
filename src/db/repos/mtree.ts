/**
 * mtree tables: prefix → value trees. kamctl's mtree commands take the table name as an
 * argument because the module can load several tables of the mtree layout; sipctl accepts any
 * table that has the tprefix and tvalue columns, and quotes it as an identifier. A table that
 * also has a tname column (the stock `mtrees`, which the module reads with `mtrees` mode) holds
 * several trees, and every operation on it names one tree (kamcli's `--tname`).
 */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { firstControlChar } from '../../provision/validate/validation.js';
import { asRows, type Row } from '../rows.js';
import { num, text } from './table-row.js';

/** The mtree module's default char_list: the characters a prefix may hold. */
export const MTREE_DEFAULT_CHARS = '0123456789*#+';

/** Widths of the stock mtree table. */
const TPREFIX_MAX = 32;
const TVALUE_MAX = 128;
const TNAME_MAX = 128;

export interface MtreeRow {
  readonly id: number;
  /** The tree of the row in a table of several trees (mtrees); null in a one-tree table. */
  readonly tname: string | null;
  readonly tprefix: string;
  readonly tvalue: string;
}

function toRow(r: Row): MtreeRow {
  return { id: num(r, 'id'), tname: 'tname' in r ? text(r, 'tname') : null, tprefix: text(r, 'tprefix'), tvalue: text(r, 'tvalue') };
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

interface Tree {
  /** Whether the table has a tname column. */
  readonly several: boolean;
  /** The condition that selects the tree's rows. */
  readonly where: { readonly tname?: string };
}

export function checkMtreeTreeName(tname: string): void {
  if (tname === '') throw new AppError('E_USAGE', '--tname is empty');
  if (Array.from(tname).length > TNAME_MAX) throw new AppError('E_USAGE', `--tname is longer than ${String(TNAME_MAX)} characters`);
  if (firstControlChar(tname) !== undefined) throw new AppError('E_USAGE', `--tname ${JSON.stringify(tname)} contains a control character`);
}

/**
 * The rows of one tree: `{}` in a one-tree table, `{tname}` in a table of several. Fails with
 * E_NOT_FOUND unless the table exists with mtree's columns, and with E_USAGE when `tname` is
 * missing for a table of several trees or given for a table of one (unless `tname` is optional).
 */
async function treeOf(db: Knex | Knex.Transaction, table: string, tname: string | undefined, opts: { readonly tnameOptional?: boolean } = {}): Promise<Tree> {
  checkMtreeTableName(table);
  if (tname !== undefined) checkMtreeTreeName(tname);
  if (!(await db.schema.hasTable(table))) throw new AppError('E_NOT_FOUND', `there is no table ${table}`);
  const cols = await db(table).columnInfo();
  if (!('tprefix' in cols) || !('tvalue' in cols)) throw new AppError('E_USAGE', `table ${table} has no tprefix and tvalue columns; it is not an mtree table`);
  if (!('tname' in cols)) {
    if (tname !== undefined) throw new AppError('E_USAGE', `table ${table} holds one tree (it has no tname column); leave out --tname`);
    return { several: false, where: {} };
  }
  if (tname === undefined) {
    if (opts.tnameOptional === true) return { several: true, where: {} };
    throw new AppError('E_USAGE', `table ${table} holds several trees (it has a tname column); name one with --tname`);
  }
  return { several: true, where: { tname } };
}

function inTree(tree: Tree, table: string): string {
  return tree.where.tname === undefined ? table : `tree ${tree.where.tname} of ${table}`;
}

/** The rows of a table, of one tree with `tname`; a table of several trees lists all without it. */
export async function listMtree(db: Knex, table: string, tname?: string): Promise<MtreeRow[]> {
  const tree = await treeOf(db, table, tname, { tnameOptional: true });
  const order = tree.several ? ['tname', 'tprefix'] : ['tprefix'];
  return asRows(await db(table).select('id', ...order, 'tvalue').where(tree.where).orderBy(order)).map(toRow);
}

export async function addMtree(db: Knex, table: string, tprefix: string, tvalue: string, tname?: string): Promise<MtreeRow> {
  return db.transaction(async (tx) => {
    const tree = await treeOf(tx, table, tname);
    const where = { ...tree.where, tprefix };
    const same: unknown = await tx(table).first('id').where(where);
    if (same !== undefined) throw new AppError('E_EXISTS', `prefix ${tprefix} is already in ${inTree(tree, table)}`);
    await tx(table).insert({ ...where, tvalue });
    const row = asRows(await tx(table).select('*').where(where))[0];
    if (row === undefined) throw new AppError('E_INTERNAL', 'the mtree row vanished after its insert');
    return toRow(row);
  });
}

export async function removeMtree(db: Knex, table: string, tprefix: string, tname?: string): Promise<MtreeRow[]> {
  return db.transaction(async (tx) => {
    const tree = await treeOf(tx, table, tname);
    const where = { ...tree.where, tprefix };
    const rows = asRows(await tx(table).select('*').where(where)).map(toRow);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `prefix ${tprefix} is not in ${inTree(tree, table)}`);
    await tx(table).where(where).delete();
    return rows;
  });
}
