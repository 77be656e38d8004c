/**
 * The daemon's read of digest credentials (auth_db): one row of a subscriber-like table by
 * user (and domain), with the column names the script configured. knex bindings only; the
 * table and column names are identifiers, bound as such.
 */
import type { Knex } from 'knex';
import { asRows } from '../rows.js';
import { columnText } from './subscriber.js';

export interface CredentialsQuery {
  readonly table: string;
  readonly userColumn: string;
  readonly domainColumn: string;
  /** Columns to read (password or HA1 columns, load_credentials columns). */
  readonly columns: readonly string[];
  readonly username: string;
  /** Also match the domain column (auth_db use_domain). */
  readonly domain: string | null;
}

/** The row's requested columns as text (NULL → ''), or undefined when there is no such subscriber. */
export async function findCredentials(db: Knex, q: CredentialsQuery): Promise<Record<string, string> | undefined> {
  const query = db(q.table)
    .select([...new Set(q.columns)])
    .where(q.userColumn, q.username)
    .limit(1);
  if (q.domain !== null) void query.where(q.domainColumn, q.domain);
  const rows: unknown = await query;
  const row = asRows(rows)[0];
  if (row === undefined) return undefined;
  return Object.fromEntries(q.columns.map((c) => [c, row[c] === null || row[c] === undefined ? '' : columnText(row[c])]));
}
