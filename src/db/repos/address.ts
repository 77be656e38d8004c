/**
 * The permissions module's address table: groups of IP addresses or subnets (and, since
 * Kamailio 5, DNS names) that allow_address() and allow_source_address() match.
 */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { hostMask, isHostname, parseMask, parseNetwork, ipFamily } from '../../provision/validate/ip.js';
import { parsePort } from '../../provision/validate/port.js';
import { asRows, type Row } from '../rows.js';
import { checkColumns, num, nullableText, text } from './table-row.js';

export interface AddressRow {
  readonly id: number;
  readonly grp: number;
  readonly ip_addr: string;
  readonly mask: number;
  readonly port: number;
  readonly tag: string | null;
}

function toRow(r: Row): AddressRow {
  return { id: num(r, 'id'), grp: num(r, 'grp'), ip_addr: text(r, 'ip_addr'), mask: num(r, 'mask'), port: num(r, 'port'), tag: nullableText(r, 'tag') };
}

export interface AddressEntry {
  readonly grp: number;
  readonly ip_addr: string;
  readonly mask: number;
  readonly port: number;
  readonly tag: string;
}

/**
 * Turns command-line text into a row as kamctl `address add` writes it (mask 32, port 0 and
 * tag '' by default), with `address/prefix` accepted and IPv6 defaulting to /128.
 */
export function addressEntry(grp: number, address: string, mask?: string, port?: string, tag?: string): AddressEntry {
  let ip: string;
  let m: number;
  const family = ipFamily(address.split('/')[0] ?? '');
  if (family === undefined && !address.includes('/') && isHostname(address)) {
    ip = address;
    m = mask === undefined ? 32 : parseMask(mask, 4);
  } else {
    if (family === undefined) throw new AppError('E_USAGE', `address ${JSON.stringify(address)} is not an IPv4 or IPv6 address, a subnet address/prefix, or a host name`);
    const net = parseNetwork(address);
    ip = net.text;
    if (mask !== undefined && address.includes('/')) throw new AppError('E_USAGE', `give the prefix either in the address (${address}) or as the mask argument, not both`);
    m = mask === undefined ? (address.includes('/') ? net.mask : hostMask(net.family)) : parseMask(mask, net.family);
  }
  const entry = { grp, ip_addr: ip, mask: m, port: port === undefined ? 0 : parsePort(port, { allowZero: true }), tag: tag ?? '' };
  checkColumns('address', entry);
  return entry;
}

export async function listAddresses(db: Knex, grp?: number): Promise<AddressRow[]> {
  const q = db('address').select('*').orderBy([{ column: 'grp' }, { column: 'id' }]);
  if (grp !== undefined) void q.where('grp', grp);
  return asRows(await q).map(toRow);
}

export async function addAddress(db: Knex, entry: AddressEntry): Promise<AddressRow> {
  return db.transaction(async (tx) => {
    const same: unknown = await tx('address').first('id').where({ grp: entry.grp, ip_addr: entry.ip_addr, mask: entry.mask, port: entry.port });
    if (same !== undefined) throw new AppError('E_EXISTS', `${entry.ip_addr}/${String(entry.mask)} port ${String(entry.port)} is already in address group ${String(entry.grp)}`);
    await tx('address').insert(entry);
    const rows = asRows(await tx('address').select('*').where({ grp: entry.grp, ip_addr: entry.ip_addr, mask: entry.mask, port: entry.port }));
    const row = rows[0];
    if (row === undefined) throw new AppError('E_INTERNAL', 'the address row vanished after its insert');
    return toRow(row);
  });
}

/** Removes the rows of a group for an address (every mask and port, as kamctl does). */
export async function removeAddress(db: Knex, grp: number, address: string): Promise<AddressRow[]> {
  const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  return db.transaction(async (tx) => {
    const rows = asRows(await tx('address').select('*').where({ grp, ip_addr: ip })).map(toRow);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `${address} is not in address group ${String(grp)}`);
    await tx('address').whereIn('id', rows.map((r) => r.id)).delete();
    return rows;
  });
}
