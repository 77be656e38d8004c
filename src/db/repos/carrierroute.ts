/** The carrierroute module's tables: carrier names, routing domain names and routes. */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { asRows, type Row } from '../rows.js';
import { checkColumns, num, nullableText, text } from './table-row.js';

export interface NameRow {
  readonly id: number;
  readonly name: string | null;
}

export interface CarrierRouteRow {
  readonly id: number;
  readonly carrier: number;
  readonly domain: number;
  readonly scan_prefix: string;
  readonly flags: number;
  readonly mask: number;
  readonly prob: number;
  readonly strip: number;
  readonly rewrite_host: string;
  readonly rewrite_prefix: string;
  readonly rewrite_suffix: string;
  readonly description: string | null;
}

export type CarrierRouteEntry = Omit<CarrierRouteRow, 'id'>;

/** carrier_name (column carrier) and domain_name (column domain). */
export type NameTable = 'carrier_name' | 'domain_name';
const NAME_COLUMN: Readonly<Record<NameTable, string>> = { carrier_name: 'carrier', domain_name: 'domain' };
const NAME_WHAT: Readonly<Record<NameTable, string>> = { carrier_name: 'carrier', domain_name: 'routing domain' };

function routeRow(r: Row): CarrierRouteRow {
  return {
    id: num(r, 'id'),
    carrier: num(r, 'carrier'),
    domain: num(r, 'domain'),
    scan_prefix: text(r, 'scan_prefix'),
    flags: num(r, 'flags'),
    mask: num(r, 'mask'),
    prob: num(r, 'prob'),
    strip: num(r, 'strip'),
    rewrite_host: text(r, 'rewrite_host'),
    rewrite_prefix: text(r, 'rewrite_prefix'),
    rewrite_suffix: text(r, 'rewrite_suffix'),
    description: nullableText(r, 'description'),
  };
}

export async function listNames(db: Knex, table: NameTable): Promise<NameRow[]> {
  const col = NAME_COLUMN[table];
  return asRows(await db(table).select('*').orderBy('id')).map((r) => ({ id: num(r, 'id'), name: nullableText(r, col) }));
}

export async function addName(db: Knex, table: NameTable, id: number, name: string): Promise<NameRow> {
  const col = NAME_COLUMN[table];
  if (name === '') throw new AppError('E_USAGE', `the ${NAME_WHAT[table]} name is empty`);
  checkColumns(table, { id, [col]: name });
  return db.transaction(async (tx) => {
    const byId: unknown = await tx(table).first('id').where('id', id);
    if (byId !== undefined) throw new AppError('E_EXISTS', `${NAME_WHAT[table]} id ${String(id)} is already in ${table}`);
    const byName: unknown = await tx(table).first('id').where(col, name);
    if (byName !== undefined) throw new AppError('E_EXISTS', `${NAME_WHAT[table]} name ${name} is already in ${table}`);
    await tx(table).insert({ id, [col]: name });
    return { id, name };
  });
}

export async function removeName(db: Knex, table: NameTable, id: number): Promise<NameRow> {
  const col = NAME_COLUMN[table];
  return db.transaction(async (tx) => {
    const row = asRows(await tx(table).select('*').where('id', id))[0];
    if (row === undefined) throw new AppError('E_NOT_FOUND', `${NAME_WHAT[table]} id ${String(id)} is not in ${table}`);
    await tx(table).where('id', id).delete();
    return { id, name: nullableText(row, col) };
  });
}

export function checkRoute(e: CarrierRouteEntry): void {
  if (!(e.prob >= 0 && e.prob <= 1)) throw new AppError('E_USAGE', `probability ${String(e.prob)} must be from 0 to 1`);
  if (e.rewrite_host === '') throw new AppError('E_USAGE', 'rewrite_host is empty');
  checkColumns('carrierroute', { ...e });
}

export async function listRoutes(db: Knex): Promise<CarrierRouteRow[]> {
  return asRows(await db('carrierroute').select('*').orderBy([{ column: 'carrier' }, { column: 'scan_prefix' }, { column: 'domain' }, { column: 'prob' }, { column: 'id' }])).map(routeRow);
}

export async function addRoute(db: Knex, e: CarrierRouteEntry): Promise<CarrierRouteRow> {
  checkRoute(e);
  return db.transaction(async (tx) => {
    const same: unknown = await tx('carrierroute').first('id').where({ carrier: e.carrier, scan_prefix: e.scan_prefix, domain: e.domain, rewrite_host: e.rewrite_host });
    if (same !== undefined) throw new AppError('E_EXISTS', `carrier ${String(e.carrier)} already routes prefix ${JSON.stringify(e.scan_prefix)} in domain ${String(e.domain)} to ${e.rewrite_host}`);
    await tx('carrierroute').insert({ ...e });
    const row = asRows(await tx('carrierroute').select('*').where({ carrier: e.carrier, scan_prefix: e.scan_prefix, domain: e.domain, rewrite_host: e.rewrite_host }))[0];
    if (row === undefined) throw new AppError('E_INTERNAL', 'the carrierroute row vanished after its insert');
    return routeRow(row);
  });
}

export async function removeRoutes(db: Knex, carrier: number, scanPrefix: string, domain: number): Promise<CarrierRouteRow[]> {
  const where = { carrier, scan_prefix: scanPrefix, domain };
  return db.transaction(async (tx) => {
    const rows = asRows(await tx('carrierroute').select('*').where(where)).map(routeRow);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `carrier ${String(carrier)} has no route for prefix ${JSON.stringify(scanPrefix)} in domain ${String(domain)}`);
    await tx('carrierroute').where(where).delete();
    return rows;
  });
}
