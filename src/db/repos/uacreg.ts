/**
 * The uac module's uacreg table: registrations this server sends to remote registrars.
 * kamctl 5.6 has no command for it; the columns and defaults follow the table definition and
 * kamcli's `uacreg add`.
 */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { parseUri } from '../../sip/uri.js';
import { SipParseError } from '../../sip/sip-parse-error.js';
import { asRows, type Row } from '../rows.js';
import { checkColumns, insertReturningId, num, text } from './table-row.js';

export interface UacregRow {
  readonly id: number;
  readonly l_uuid: string;
  readonly l_username: string;
  readonly l_domain: string;
  readonly r_username: string;
  readonly r_domain: string;
  readonly realm: string;
  readonly auth_username: string;
  readonly auth_password: string;
  readonly auth_ha1: string;
  readonly auth_proxy: string;
  readonly expires: number;
  readonly flags: number;
  readonly reg_delay: number;
  readonly contact_addr: string;
  readonly socket: string;
}

export type UacregEntry = Omit<UacregRow, 'id'>;

const TEXT_COLUMNS = ['l_uuid', 'l_username', 'l_domain', 'r_username', 'r_domain', 'realm', 'auth_username', 'auth_password', 'auth_ha1', 'auth_proxy', 'contact_addr', 'socket'] as const;

function toRow(r: Row): UacregRow {
  return {
    id: num(r, 'id'),
    l_uuid: text(r, 'l_uuid'),
    l_username: text(r, 'l_username'),
    l_domain: text(r, 'l_domain'),
    r_username: text(r, 'r_username'),
    r_domain: text(r, 'r_domain'),
    realm: text(r, 'realm'),
    auth_username: text(r, 'auth_username'),
    auth_password: text(r, 'auth_password'),
    auth_ha1: text(r, 'auth_ha1'),
    auth_proxy: text(r, 'auth_proxy'),
    expires: num(r, 'expires'),
    flags: num(r, 'flags'),
    reg_delay: num(r, 'reg_delay'),
    contact_addr: text(r, 'contact_addr'),
    socket: text(r, 'socket'),
  };
}

function sipUriOrEmpty(value: string, what: string): void {
  if (value === '') return;
  try {
    if (parseUri(value).kind === 'sip') return;
  } catch (err) {
    if (!(err instanceof SipParseError)) throw err;
  }
  throw new AppError('E_USAGE', `${what} ${JSON.stringify(value)} is not a sip: or sips: URI`);
}

export function checkUacreg(e: UacregEntry): void {
  for (const c of ['l_uuid', 'l_username', 'l_domain', 'r_username', 'r_domain'] as const) {
    if (e[c] === '') throw new AppError('E_USAGE', `${c} is empty`);
  }
  if (e.auth_password === '' && e.auth_ha1 === '') throw new AppError('E_USAGE', 'give a password or an HA1 for the remote registrar');
  if (e.auth_ha1 !== '' && !/^[0-9a-f]{32}$/i.test(e.auth_ha1)) throw new AppError('E_USAGE', 'auth_ha1 must be 32 hexadecimal digits (an MD5 sum)');
  sipUriOrEmpty(e.auth_proxy, 'auth_proxy');
  if (e.expires < 0) throw new AppError('E_USAGE', 'expires must not be negative');
  for (const c of TEXT_COLUMNS) if (/[\r\n\0]/.test(e[c])) throw new AppError('E_USAGE', `${c} holds a line break or NUL character`);
  checkColumns('uacreg', { ...e });
}

export async function listUacreg(db: Knex, lUuid?: string): Promise<UacregRow[]> {
  const q = db('uacreg').select('*').orderBy('l_uuid');
  if (lUuid !== undefined) void q.where('l_uuid', lUuid);
  return asRows(await q).map(toRow);
}

export async function addUacreg(db: Knex, e: UacregEntry): Promise<UacregRow> {
  checkUacreg(e);
  return db.transaction(async (tx) => {
    const same: unknown = await tx('uacreg').first('id').where('l_uuid', e.l_uuid);
    if (same !== undefined) throw new AppError('E_EXISTS', `uacreg l_uuid ${e.l_uuid} already exists`);
    const id = await insertReturningId(tx, 'uacreg', { ...e });
    return { id, ...e };
  });
}

export async function removeUacreg(db: Knex, lUuid: string): Promise<UacregRow> {
  return db.transaction(async (tx) => {
    const row = asRows(await tx('uacreg').select('*').where('l_uuid', lUuid))[0];
    if (row === undefined) throw new AppError('E_NOT_FOUND', `uacreg l_uuid ${lUuid} does not exist`);
    await tx('uacreg').where('l_uuid', lUuid).delete();
    return toRow(row);
  });
}
