/** The domain_attrs table: attributes of a domain id (did), loaded by the domain module. */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { asRows, type Row } from '../rows.js';
import { checkColumns, localTimestamp, num, text } from './table-row.js';

/** Kamailio's attribute types: 0 integer, 2 string. */
export const ATTR_TYPE = { int: 0, str: 2 } as const;

export interface DomainAttr {
  readonly name: string;
  readonly type: 0 | 2;
  readonly value: string;
}

export interface DomainAttrRow extends DomainAttr {
  readonly id: number;
  readonly did: string;
  readonly last_modified: string;
}

function toRow(r: Row): DomainAttrRow {
  return { id: num(r, 'id'), did: text(r, 'did'), name: text(r, 'name'), type: num(r, 'type') === 0 ? 0 : 2, value: text(r, 'value'), last_modified: text(r, 'last_modified') };
}

/** `name=value` (string) or, with `int`, `name=123` (integer). */
export function parseDomainAttr(spec: string, int: boolean): DomainAttr {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? '' : spec.slice(0, eq);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
    throw new AppError('E_USAGE', `attribute ${JSON.stringify(spec)} is not name=value with a name of letters, digits, "_", "." or "-"`);
  }
  const value = spec.slice(eq + 1);
  if (int && !/^-?\d{1,10}$/.test(value)) throw new AppError('E_USAGE', `integer attribute ${JSON.stringify(spec)} has a value that is not an integer`);
  return { name, type: int ? ATTR_TYPE.int : ATTR_TYPE.str, value };
}

export function checkDomainAttr(did: string, a: DomainAttr): void {
  checkColumns('domain_attrs', { did, name: a.name, type: a.type, value: a.value });
}

export async function listDomainAttrs(db: Knex, did?: string): Promise<DomainAttrRow[]> {
  const q = db('domain_attrs').select('*').orderBy([{ column: 'did' }, { column: 'name' }, { column: 'id' }]);
  if (did !== undefined) void q.where('did', did);
  return asRows(await q).map(toRow);
}

export async function addDomainAttrs(db: Knex | Knex.Transaction, did: string, attrs: readonly DomainAttr[]): Promise<void> {
  const now = localTimestamp();
  for (const a of attrs) {
    checkDomainAttr(did, a);
    await db('domain_attrs').insert({ did, name: a.name, type: a.type, value: a.value, last_modified: now });
  }
}

export async function removeDomainAttrs(db: Knex | Knex.Transaction, did: string): Promise<number> {
  return db('domain_attrs').where('did', did).delete();
}
