/**
 * The domain table (domain module): the domains this server is responsible for. kamctl
 * `domain add` writes domain and last_modified only; `did` stays NULL, which the module reads
 * as "the domain is its own did".
 */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { ipFamily, isHostname } from '../../provision/validate/ip.js';
import { asRows, type Row } from '../rows.js';
import { addDomainAttrs, removeDomainAttrs, type DomainAttr } from './domain-attrs.js';
import { checkColumns, localTimestamp, nullableText, num, text } from './table-row.js';

export interface DomainRow {
  readonly id: number;
  readonly domain: string;
  readonly did: string | null;
  readonly last_modified: string;
}

function toRow(r: Row): DomainRow {
  return { id: num(r, 'id'), domain: text(r, 'domain'), did: nullableText(r, 'did'), last_modified: text(r, 'last_modified') };
}

/** A SIP domain: a host name, an IPv4 address or a bracketed IPv6 address, as a URI's host part. */
export function checkDomainName(domain: string): void {
  const v6 = domain.startsWith('[') && domain.endsWith(']') && ipFamily(domain) === 6;
  if (!(isHostname(domain) || ipFamily(domain) === 4 || v6)) {
    throw new AppError('E_USAGE', `domain ${JSON.stringify(domain)} is not a host name, an IPv4 address or an IPv6 address in brackets`);
  }
}

export async function listDomains(db: Knex): Promise<DomainRow[]> {
  return asRows(await db('domain').select('*').orderBy('domain')).map(toRow);
}

export async function findDomain(db: Knex | Knex.Transaction, domain: string): Promise<DomainRow | undefined> {
  // Host names compare without case, as the domain module compares them.
  const rows = asRows(await db('domain').select('*').whereRaw('lower(??) = ?', ['domain', domain.toLowerCase()]));
  return rows[0] === undefined ? undefined : toRow(rows[0]);
}

export interface AddDomainInput {
  readonly domain: string;
  readonly did?: string | undefined;
  readonly attrs?: readonly DomainAttr[];
}

export async function addDomain(db: Knex, input: AddDomainInput): Promise<DomainRow> {
  checkDomainName(input.domain);
  const did = input.did ?? null;
  checkColumns('domain', { domain: input.domain, did });
  if (did !== null && did === '') throw new AppError('E_USAGE', 'did must not be empty');
  return db.transaction(async (tx) => {
    const existing = await findDomain(tx, input.domain);
    if (existing !== undefined) throw new AppError('E_EXISTS', `domain ${existing.domain} is already in the domain table`);
    await tx('domain').insert({ domain: input.domain, did, last_modified: localTimestamp() });
    if (input.attrs !== undefined && input.attrs.length > 0) await addDomainAttrs(tx, did ?? input.domain, input.attrs);
    const row = await findDomain(tx, input.domain);
    if (row === undefined) throw new AppError('E_INTERNAL', `domain ${input.domain} vanished after its insert`);
    return row;
  });
}

export interface RemoveDomainResult {
  readonly removed: DomainRow;
  /** domain_attrs rows removed with it: those of its did, when no other domain shares the did. */
  readonly attributesRemoved: number;
}

export async function removeDomain(db: Knex, domain: string): Promise<RemoveDomainResult> {
  return db.transaction(async (tx) => {
    const row = await findDomain(tx, domain);
    if (row === undefined) throw new AppError('E_NOT_FOUND', `domain ${domain} is not in the domain table`);
    await tx('domain').where('id', row.id).delete();
    const did = row.did ?? row.domain;
    const sharing = asRows(await tx('domain').count({ n: '*' }).where('did', did).orWhere((q) => void q.whereNull('did').andWhere('domain', did)));
    const attributesRemoved = num(sharing[0] ?? {}, 'n') === 0 ? await removeDomainAttrs(tx, did) : 0;
    return { removed: row, attributesRemoved };
  });
}
