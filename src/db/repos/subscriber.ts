/**
 * The auth_db `subscriber` table: one row per SIP account with its digest credentials.
 * Plain data access through knex bindings; checks and hashing live in src/provision.
 * The CLI uses it now and the daemon's auth_db later, so nothing here knows about oclif.
 */
import type { Knex } from 'knex';
import { asRows, type Row } from '../rows.js';

export const SUBSCRIBER_TABLE = 'subscriber';

/** The columns Kamailio 5.6 defines; an installation may have added others. */
export const SUBSCRIBER_COLUMNS = ['id', 'username', 'domain', 'password', 'ha1', 'ha1b'] as const;

export interface SubscriberKey {
  readonly username: string;
  readonly domain: string;
}

export interface SubscriberCredentials {
  /** Clear text, or '' when STORE_PLAINTEXT_PW is off. */
  readonly password: string;
  readonly ha1: string;
  readonly ha1b: string;
}

export type NewSubscriber = SubscriberKey & SubscriberCredentials;

export type ColumnValue = string | number | null;

export interface SubscriberRow extends NewSubscriber {
  readonly id: number;
  /** Columns beyond Kamailio's own (rpid, email_address … of older schemas), by name. */
  readonly extra: Readonly<Record<string, ColumnValue>>;
}

export type OnConflict = 'error' | 'skip' | 'update';

/** A text column's value as a string, whatever the driver returned (string, number, Buffer). */
export function columnText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return '';
}

const text = columnText;

function columnValue(v: unknown): ColumnValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return columnText(v);
}

export function toSubscriberRow(r: Row): SubscriberRow {
  const extra: Record<string, ColumnValue> = {};
  for (const [k, v] of Object.entries(r)) {
    if (!(SUBSCRIBER_COLUMNS as readonly string[]).includes(k)) extra[k] = columnValue(v);
  }
  return { id: Number(r['id']), username: text(r['username']), domain: text(r['domain']), password: text(r['password']), ha1: text(r['ha1']), ha1b: text(r['ha1b']), extra };
}

export interface SubscriberFilter {
  readonly domain?: string;
  /** SQL LIKE pattern on username, bound as a value. */
  readonly usernameLike?: string;
  /** Only rows with a greater id (keyset paging). */
  readonly afterId?: number;
  readonly limit?: number;
}

export class SubscriberRepo {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    readonly table: string = SUBSCRIBER_TABLE,
  ) {}

  async find(key: SubscriberKey): Promise<SubscriberRow | undefined> {
    const rows: unknown = await this.db(this.table).select('*').where({ username: key.username, domain: key.domain }).limit(1);
    const row = asRows(rows)[0];
    return row === undefined ? undefined : toSubscriberRow(row);
  }

  async exists(key: SubscriberKey): Promise<boolean> {
    const rows: unknown = await this.db(this.table).select('id').where({ username: key.username, domain: key.domain }).limit(1);
    return asRows(rows).length > 0;
  }

  /** Which of the keys are present (one query per chunk of keys). */
  async existing(keys: readonly SubscriberKey[]): Promise<SubscriberKey[]> {
    const found: SubscriberKey[] = [];
    for (let i = 0; i < keys.length; i += 200) {
      const chunk = keys.slice(i, i + 200);
      const q = this.db(this.table).select('username', 'domain');
      for (const k of chunk) void q.orWhere((w) => void w.where({ username: k.username, domain: k.domain }));
      const rows: unknown = await q;
      for (const r of asRows(rows)) found.push({ username: text(r['username']), domain: text(r['domain']) });
    }
    return found;
  }

  async list(filter: SubscriberFilter = {}): Promise<SubscriberRow[]> {
    const q = this.db(this.table).select('*').orderBy('id');
    if (filter.domain !== undefined) void q.where('domain', filter.domain);
    if (filter.usernameLike !== undefined) void q.where('username', 'like', filter.usernameLike);
    if (filter.afterId !== undefined) void q.where('id', '>', filter.afterId);
    if (filter.limit !== undefined) void q.limit(filter.limit);
    const rows: unknown = await q;
    return asRows(rows).map(toSubscriberRow);
  }

  async count(filter: Pick<SubscriberFilter, 'domain'> = {}): Promise<number> {
    const q = this.db(this.table).count({ n: '*' });
    if (filter.domain !== undefined) void q.where('domain', filter.domain);
    const rows: unknown = await q;
    return Number(asRows(rows)[0]?.['n'] ?? 0);
  }

  async insert(row: NewSubscriber): Promise<void> {
    await this.db(this.table).insert({ username: row.username, domain: row.domain, password: row.password, ha1: row.ha1, ha1b: row.ha1b });
  }

  /**
   * Multi-row INSERTs of `perStatement` rows each (under SQLite's 32766 and PostgreSQL's
   * 65535 bound-parameter limits). With 'skip' or 'update' an existing (username, domain)
   * is left alone or overwritten; with 'error' the database's unique key rejects it.
   */
  async insertMany(rows: readonly NewSubscriber[], onConflict: OnConflict = 'error', perStatement = 1000): Promise<void> {
    const knexClient = this.db.client as Knex.Client;
    const client = knexClient.config.client;
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      if (client === 'sqlite3') {
        // knex writes a multi-row insert for SQLite as INSERT … SELECT … UNION ALL, which
        // SQLite caps at 500 terms; VALUES lists take up to 32766 bound values.
        const conflict = { error: '', skip: ' on conflict (username, domain) do nothing', update: ' on conflict (username, domain) do update set password = excluded.password, ha1 = excluded.ha1, ha1b = excluded.ha1b' }[onConflict];
        const values = chunk.flatMap((r) => [r.username, r.domain, r.password, r.ha1, r.ha1b]);
        await this.db.raw(`insert into ?? (username, domain, password, ha1, ha1b) values ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}${conflict}`, [this.table, ...values]);
        continue;
      }
      const q = this.db(this.table).insert(chunk.map((r) => ({ username: r.username, domain: r.domain, password: r.password, ha1: r.ha1, ha1b: r.ha1b })));
      switch (onConflict) {
        case 'error':
          await q;
          break;
        case 'skip':
          await q.onConflict(['username', 'domain']).ignore();
          break;
        case 'update':
          await q.onConflict(['username', 'domain']).merge(['password', 'ha1', 'ha1b']);
          break;
      }
    }
  }

  async setCredentials(key: SubscriberKey, creds: SubscriberCredentials): Promise<number> {
    return this.db(this.table).where({ username: key.username, domain: key.domain }).update({ password: creds.password, ha1: creds.ha1, ha1b: creds.ha1b });
  }

  /** Sets one column, named by the caller after checking it against {@link columns}. */
  async setColumn(key: SubscriberKey, column: string, value: ColumnValue): Promise<number> {
    return this.db(this.table).where({ username: key.username, domain: key.domain }).update({ [column]: value });
  }

  async remove(key: SubscriberKey): Promise<number> {
    return this.db(this.table).where({ username: key.username, domain: key.domain }).del();
  }

  /** The live table's columns with their SQL types (knex columnInfo). */
  async columns(): Promise<Map<string, { readonly type: string; readonly maxLength: number | undefined; readonly nullable: boolean }>> {
    const info = await this.db(this.table).columnInfo();
    const out = new Map<string, { type: string; maxLength: number | undefined; nullable: boolean }>();
    for (const [name, c] of Object.entries(info)) {
      // SQLite reports the length as text ('64'), MySQL and PostgreSQL as a number.
      const reported: unknown = c.maxLength;
      const max = typeof reported === 'string' ? Number(reported) : reported;
      out.set(name, { type: c.type.toLowerCase(), maxLength: typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : undefined, nullable: c.nullable });
    }
    return out;
  }
}
