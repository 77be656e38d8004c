/** The dialplan table: translation rules by dialplan id (dpid) and priority (pr). */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { checkDialplanRule, DIALPLAN_MATCH_OPS, type DialplanMatchOp } from '../../provision/validate/dialplan-regex.js';
import { asRows, type Row } from '../rows.js';
import { checkColumns, insertReturningId, num, text } from './table-row.js';

export interface DialplanRow {
  readonly id: number;
  readonly dpid: number;
  readonly pr: number;
  readonly match_op: number;
  readonly match_exp: string;
  readonly match_len: number;
  readonly subst_exp: string;
  readonly repl_exp: string;
  readonly attrs: string;
}

function toRow(r: Row): DialplanRow {
  return {
    id: num(r, 'id'),
    dpid: num(r, 'dpid'),
    pr: num(r, 'pr'),
    match_op: num(r, 'match_op'),
    match_exp: text(r, 'match_exp'),
    match_len: num(r, 'match_len'),
    subst_exp: text(r, 'subst_exp'),
    repl_exp: text(r, 'repl_exp'),
    attrs: text(r, 'attrs'),
  };
}

export type DialplanEntry = Omit<DialplanRow, 'id'>;

export function isMatchOp(s: string): s is DialplanMatchOp {
  return Object.hasOwn(DIALPLAN_MATCH_OPS, s);
}

export interface DialplanRuleInput {
  readonly dpid: number;
  readonly pr: number;
  readonly matchOp: string;
  readonly matchExp: string;
  readonly matchLen?: number | undefined;
  readonly substExp?: string | undefined;
  readonly replExp?: string | undefined;
  readonly attrs?: string | undefined;
}

/** A row as kamctl `dialplan addrule` writes it (match_len 0, empty strings), after checking the expressions. */
export function dialplanEntry(input: DialplanRuleInput): DialplanEntry {
  const op = input.matchOp.toLowerCase();
  if (!isMatchOp(op)) throw new AppError('E_USAGE', `match_op ${JSON.stringify(input.matchOp)} is not one of equal, regexp, fnmatch`);
  const entry: DialplanEntry = {
    dpid: input.dpid,
    pr: input.pr,
    match_op: DIALPLAN_MATCH_OPS[op],
    match_exp: input.matchExp,
    match_len: input.matchLen ?? 0,
    subst_exp: input.substExp ?? '',
    repl_exp: input.replExp ?? '',
    attrs: input.attrs ?? '',
  };
  checkColumns('dialplan', { ...entry });
  checkDialplanRule({ matchOp: op, matchExp: entry.match_exp, substExp: entry.subst_exp, replExp: entry.repl_exp });
  return entry;
}

export async function listDialplan(db: Knex, dpid?: number): Promise<DialplanRow[]> {
  const q = db('dialplan').select('*').orderBy([{ column: 'dpid' }, { column: 'pr' }, { column: 'id' }]);
  if (dpid !== undefined) void q.where('dpid', dpid);
  return asRows(await q).map(toRow);
}

export async function addDialplanRule(db: Knex, entry: DialplanEntry): Promise<DialplanRow> {
  return db.transaction(async (tx) => {
    const same: unknown = await tx('dialplan').first('id').where({ dpid: entry.dpid, pr: entry.pr, match_op: entry.match_op, match_exp: entry.match_exp, match_len: entry.match_len });
    if (same !== undefined) throw new AppError('E_EXISTS', `dialplan ${String(entry.dpid)} already has this rule at priority ${String(entry.pr)}`);
    const id = await insertReturningId(tx, 'dialplan', { ...entry });
    return { id, ...entry };
  });
}

async function removeWhere(db: Knex, where: Readonly<Record<string, number>>, what: string): Promise<DialplanRow[]> {
  return db.transaction(async (tx) => {
    const rows = asRows(await tx('dialplan').select('*').where(where)).map(toRow);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `${what} has no rules`);
    await tx('dialplan').where(where).delete();
    return rows;
  });
}

export function removeDialplanRule(db: Knex, dpid: number, pr: number): Promise<DialplanRow[]> {
  return removeWhere(db, { dpid, pr }, `dialplan ${String(dpid)} at priority ${String(pr)}`);
}

export function removeDialplanId(db: Knex, dpid: number): Promise<DialplanRow[]> {
  return removeWhere(db, { dpid }, `dialplan ${String(dpid)}`);
}

/** Empties the table; returns how many rules there were. */
export async function removeAllDialplan(db: Knex): Promise<number> {
  return db('dialplan').delete();
}

export async function countDialplan(db: Knex): Promise<number> {
  return num(asRows(await db('dialplan').count({ n: '*' }))[0] ?? {}, 'n');
}
