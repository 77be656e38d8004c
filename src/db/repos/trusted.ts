/** The permissions module's trusted table: source addresses allowed by allow_trusted(). */
import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import { compilePosixPattern } from '../../provision/validate/dialplan-regex.js';
import { parseIp } from '../../provision/validate/ip.js';
import { asRows, type Row } from '../rows.js';
import { checkColumns, num, nullableText, text } from './table-row.js';

/** The protocols kamctl accepts and the permissions module understands. */
export const TRUSTED_PROTOS = ['any', 'udp', 'tcp', 'tls', 'sctp', 'none'] as const;
export type TrustedProto = (typeof TRUSTED_PROTOS)[number];

export interface TrustedRow {
  readonly id: number;
  readonly src_ip: string;
  readonly proto: string;
  readonly from_pattern: string | null;
  readonly ruri_pattern: string | null;
  readonly tag: string | null;
  readonly priority: number;
}

function toRow(r: Row): TrustedRow {
  return {
    id: num(r, 'id'),
    src_ip: text(r, 'src_ip'),
    proto: text(r, 'proto'),
    from_pattern: nullableText(r, 'from_pattern'),
    ruri_pattern: nullableText(r, 'ruri_pattern'),
    tag: nullableText(r, 'tag'),
    priority: num(r, 'priority'),
  };
}

export interface TrustedEntry {
  readonly src_ip: string;
  readonly proto: TrustedProto;
  /** kamctl writes '' (not NULL) when no pattern is given; both match every From. */
  readonly from_pattern: string;
  readonly tag: string;
}

function isProto(p: string): p is TrustedProto {
  return (TRUSTED_PROTOS as readonly string[]).includes(p);
}

export function trustedEntry(srcIp: string, proto: string, fromPattern?: string, tag?: string): TrustedEntry {
  const ip = parseIp(srcIp, 'source address');
  const p = proto.toLowerCase();
  if (!isProto(p)) throw new AppError('E_USAGE', `protocol ${JSON.stringify(proto)} is not one of ${TRUSTED_PROTOS.join(', ')}`);
  const pattern = fromPattern ?? '';
  if (pattern !== '') compilePosixPattern(pattern, 'from_pattern');
  const entry = { src_ip: ip.text, proto: p, from_pattern: pattern, tag: tag ?? '' };
  checkColumns('trusted', entry);
  return entry;
}

export async function listTrusted(db: Knex): Promise<TrustedRow[]> {
  return asRows(await db('trusted').select('*').orderBy([{ column: 'src_ip' }, { column: 'id' }])).map(toRow);
}

/**
 * Adds a row. kamctl refuses any second row for a source address; here only a row with the
 * same address, protocol and pattern counts as a duplicate, so one peer can have several
 * From patterns.
 */
export async function addTrusted(db: Knex, entry: TrustedEntry): Promise<TrustedRow> {
  return db.transaction(async (tx) => {
    const same: unknown = await tx('trusted').first('id').where({ src_ip: entry.src_ip, proto: entry.proto }).andWhere((q) => {
      void q.where('from_pattern', entry.from_pattern);
      if (entry.from_pattern === '') void q.orWhereNull('from_pattern');
    });
    if (same !== undefined) throw new AppError('E_EXISTS', `${entry.src_ip} (${entry.proto}${entry.from_pattern === '' ? '' : `, from ${entry.from_pattern}`}) is already in the trusted table`);
    await tx('trusted').insert(entry);
    const row = asRows(await tx('trusted').select('*').where({ src_ip: entry.src_ip, proto: entry.proto, from_pattern: entry.from_pattern }).orderBy('id', 'desc'))[0];
    if (row === undefined) throw new AppError('E_INTERNAL', 'the trusted row vanished after its insert');
    return toRow(row);
  });
}

/** Removes every row of a source address, as kamctl does. */
export async function removeTrusted(db: Knex, srcIp: string): Promise<TrustedRow[]> {
  const ip = srcIp.startsWith('[') && srcIp.endsWith(']') ? srcIp.slice(1, -1) : srcIp;
  return db.transaction(async (tx) => {
    const rows = asRows(await tx('trusted').select('*').where('src_ip', ip)).map(toRow);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `${srcIp} is not in the trusted table`);
    await tx('trusted').where('src_ip', ip).delete();
    return rows;
  });
}
