/** The dispatcher table: destination sets for ds_select_dst() and friends. */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { parseDispatcherDestination } from '../../provision/validate/dispatcher-destination.js';
import { ipFamily } from '../../provision/validate/ip.js';
import { asRows, type Row } from '../rows.js';
import { checkColumns, insertReturningId, num, text } from './table-row.js';

export interface DispatcherRow {
  readonly id: number;
  readonly setid: number;
  readonly destination: string;
  readonly flags: number;
  readonly priority: number;
  readonly attrs: string;
  readonly description: string;
}

function toRow(r: Row): DispatcherRow {
  return {
    id: num(r, 'id'),
    setid: num(r, 'setid'),
    destination: text(r, 'destination'),
    flags: num(r, 'flags'),
    priority: num(r, 'priority'),
    attrs: text(r, 'attrs'),
    description: text(r, 'description'),
  };
}

export interface DispatcherEntry {
  readonly setid: number;
  readonly destination: string;
  readonly flags: number;
  readonly priority: number;
  readonly attrs: string;
  readonly description: string;
}

/**
 * Checks the attrs column the way the module parses it: `name=value` pairs separated by ";"
 * (duid, weight, rweight, maxload, socket, ping_from, obproxy, cc, …); weight and rweight are
 * 1–100.
 */
export function checkDispatcherAttrs(attrs: string): void {
  if (attrs === '') return;
  for (const part of attrs.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      throw new AppError('E_USAGE', `dispatcher attrs ${JSON.stringify(attrs)}: ${JSON.stringify(part)} is not name=value`);
    }
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if ((name === 'weight' || name === 'rweight') && !(/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 100)) {
      throw new AppError('E_USAGE', `dispatcher attrs ${JSON.stringify(attrs)}: ${name} must be an integer from 1 to 100`);
    }
  }
}

export function dispatcherEntry(input: DispatcherEntry): DispatcherEntry {
  parseDispatcherDestination(input.destination);
  checkDispatcherAttrs(input.attrs);
  checkColumns('dispatcher', { ...input });
  return input;
}

export async function listDispatcher(db: Knex, setid?: number): Promise<DispatcherRow[]> {
  const q = db('dispatcher').select('*').orderBy([{ column: 'setid' }, { column: 'priority', order: 'desc' }, { column: 'id' }]);
  if (setid !== undefined) void q.where('setid', setid);
  return asRows(await q).map(toRow);
}

export async function addDispatcher(db: Knex, entry: DispatcherEntry): Promise<DispatcherRow> {
  return db.transaction(async (tx) => {
    const same: unknown = await tx('dispatcher').first('id').where({ setid: entry.setid, destination: entry.destination });
    if (same !== undefined) throw new AppError('E_EXISTS', `${entry.destination} is already in dispatcher set ${String(entry.setid)}`);
    const id = await insertReturningId(tx, 'dispatcher', { ...entry });
    return { id, ...entry };
  });
}

export async function removeDispatcherById(db: Knex, id: number): Promise<DispatcherRow> {
  return db.transaction(async (tx) => {
    const row = asRows(await tx('dispatcher').select('*').where('id', id))[0];
    if (row === undefined) throw new AppError('E_NOT_FOUND', `no dispatcher row has id ${String(id)}`);
    await tx('dispatcher').where('id', id).delete();
    return toRow(row);
  });
}

function bare(host: string): string {
  return (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase();
}

/** Removes the destinations of a set whose host is `address` (an IP address or host name). */
export async function removeDispatcherByAddress(db: Knex, address: string, setid: number): Promise<DispatcherRow[]> {
  const wanted = bare(address);
  if (ipFamily(wanted) === undefined && !/^[A-Za-z0-9.-]+$/.test(wanted)) throw new AppError('E_USAGE', `${JSON.stringify(address)} is not an IP address or host name`);
  return db.transaction(async (tx) => {
    const rows = asRows(await tx('dispatcher').select('*').where('setid', setid)).map(toRow);
    const hit = rows.filter((r) => {
      try {
        return bare(parseDispatcherDestination(r.destination).host) === wanted;
      } catch {
        return false;
      }
    });
    if (hit.length === 0) throw new AppError('E_NOT_FOUND', `dispatcher set ${String(setid)} has no destination at ${address}`);
    await tx('dispatcher').whereIn('id', hit.map((r) => r.id)).delete();
    return hit;
  });
}

export async function removeDispatcherSet(db: Knex, setid: number): Promise<DispatcherRow[]> {
  return db.transaction(async (tx) => {
    const rows = asRows(await tx('dispatcher').select('*').where('setid', setid)).map(toRow);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `dispatcher set ${String(setid)} has no destinations`);
    await tx('dispatcher').where('setid', setid).delete();
    return rows;
  });
}
