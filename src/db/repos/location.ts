/**
 * The usrloc location table as the database holds it (db_mode 1–3): the rows the daemon's
 * usrloc writes and reads back, counts for the ul.db_* RPC methods, and clearing rows whose
 * registration expired long ago, which Kamailio leaves behind after a crash or a change of
 * db_mode. knex bindings only; the table name is an identifier, bound as such.
 *
 * Times are stored as Kamailio 5.6 stores them (checked against it): on MySQL and
 * PostgreSQL a DATETIME/TIMESTAMP in local time ('YYYY-MM-DD HH:MM:SS'); on SQLite the Julian
 * day as a REAL, which is what db_sqlite binds for a datetime (it reads text dates too). A
 * permanent contact (expires 0) is the epoch. q is -1 when the contact gave none, methods
 * NULL when it allows every method, domain NULL without use_domain.
 */
import type { Knex } from 'knex';
import { asRows, type Row } from '../rows.js';
import type { Engine } from '../settings.js';
import { localTimestamp, nullableText, num, text } from './table-row.js';

/**
 * usrloc stores a permanent contact (expires 0) as the epoch in local time, 1970-01-01 at
 * some hour. Rows before this bound are permanent, never stale; kamctl's dbclean deletes
 * them with the rest.
 */
export const PERMANENT_BEFORE = '1970-01-02 00:00:00';
const DAY_MS = 86_400_000;
/** The Julian day of the Unix epoch. */
const JULIAN_EPOCH = 2_440_587.5;

/** One row of the location table; times in ms since the epoch (expires 0 = permanent). */
export interface LocationRecord {
  readonly ruid: string;
  readonly username: string;
  readonly domain: string | null;
  readonly contact: string;
  readonly received: string | null;
  readonly path: string | null;
  readonly expires: number;
  /** -1 when the contact gave no q. */
  readonly q: number;
  readonly callid: string;
  readonly cseq: number;
  readonly lastModified: number;
  readonly flags: number;
  readonly cflags: number;
  readonly userAgent: string;
  readonly socket: string | null;
  /** Kamailio's METHOD_* bit mask; null = every method. */
  readonly methods: number | null;
  readonly instance: string | null;
  readonly regId: number;
  readonly serverId: number;
  readonly connectionId: number;
  readonly keepalive: number;
  readonly partition: number;
}

/** Which rows: one user, and its domain too when given (usrloc use_domain). */
export interface LocationOwner {
  readonly username: string;
  readonly domain?: string | null;
}

/** The engine behind a knex instance (from its client name). */
export function engineOf(db: Knex): Engine {
  const client: unknown = db.client;
  const config = typeof client === 'object' && client !== null && 'config' in client ? client.config : undefined;
  const name = typeof config === 'object' && config !== null && 'client' in config ? config.client : undefined;
  if (name === 'sqlite3' || name === 'better-sqlite3') return 'sqlite';
  if (name === 'pg' || name === 'postgres' || name === 'postgresql') return 'pgsql';
  return 'mysql';
}

/** A time as the engine's usrloc (and acc) stores it. */
export function encodeTime(engine: Engine, ms: number): string | number {
  return engine === 'sqlite' ? ms / DAY_MS + JULIAN_EPOCH : localTimestamp(new Date(ms));
}

/** A stored time in ms: a Julian day (db_sqlite), seconds since the epoch, or a local date text. */
export function decodeTime(v: unknown): number {
  if (typeof v === 'number' || typeof v === 'bigint') {
    const n = Number(v);
    return n < 1e7 ? Math.round((n - JULIAN_EPOCH) * DAY_MS) : n * 1000;
  }
  if (v instanceof Date) return v.getTime();
  if (typeof v !== 'string') return 0;
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)/.exec(v.trim());
  if (m === null) return Number.isFinite(Number(v)) && v.trim() !== '' ? decodeTime(Number(v)) : 0;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

/** A stored expires in ms, 0 for a permanent contact (anything before 1970-01-02). */
function decodeExpires(v: unknown): number {
  const ms = decodeTime(v);
  return ms < DAY_MS ? 0 : ms;
}

/**
 * Rows whose expires is before `ms` (`op` '<') or at/after it ('>='). On SQLite,
 * julianday() reads both Kamailio's Julian days and text dates.
 */
function whereExpires(q: Knex.QueryBuilder, engine: Engine, op: '<' | '>=', ms: number): Knex.QueryBuilder {
  if (engine === 'sqlite') return q.whereRaw(`julianday(??) ${op} ?`, ['expires', ms / DAY_MS + JULIAN_EPOCH]);
  return q.where('expires', op, localTimestamp(new Date(ms)));
}

function record(row: Row): LocationRecord {
  const q = num(row, 'q');
  return {
    ruid: text(row, 'ruid'),
    username: text(row, 'username'),
    domain: nullableText(row, 'domain'),
    contact: text(row, 'contact'),
    received: nullableText(row, 'received'),
    path: nullableText(row, 'path'),
    expires: decodeExpires(row['expires']),
    q: row['q'] === null || row['q'] === undefined || q < 0 ? -1 : Math.round(q * 1000) / 1000,
    callid: text(row, 'callid'),
    cseq: num(row, 'cseq'),
    lastModified: decodeTime(row['last_modified']),
    flags: num(row, 'flags'),
    cflags: num(row, 'cflags'),
    userAgent: text(row, 'user_agent'),
    socket: nullableText(row, 'socket'),
    methods: row['methods'] === null || row['methods'] === undefined ? null : num(row, 'methods') >>> 0,
    instance: nullableText(row, 'instance'),
    regId: num(row, 'reg_id'),
    serverId: num(row, 'server_id'),
    connectionId: num(row, 'connection_id'),
    keepalive: num(row, 'keepalive'),
    partition: num(row, 'partition'),
  };
}

function columns(engine: Engine, r: LocationRecord): Record<string, string | number | null> {
  return {
    ruid: r.ruid,
    username: r.username,
    domain: r.domain,
    contact: r.contact,
    received: r.received,
    path: r.path,
    expires: encodeTime(engine, r.expires),
    q: r.q,
    callid: r.callid,
    cseq: r.cseq,
    last_modified: encodeTime(engine, r.lastModified),
    flags: r.flags,
    cflags: r.cflags,
    user_agent: r.userAgent,
    socket: r.socket,
    // The column is a signed INT: Kamailio writes the mask as a signed 32-bit value.
    methods: r.methods === null ? null : r.methods | 0,
    instance: r.instance,
    reg_id: r.regId,
    server_id: r.serverId,
    connection_id: r.connectionId,
    keepalive: r.keepalive,
    partition: r.partition,
  };
}

/** Every row of the table (usrloc's start-up load), or the rows of one user. */
export async function readLocations(db: Knex, table: string, owner?: LocationOwner): Promise<LocationRecord[]> {
  const q = db(table).select('*').orderBy('id');
  if (owner !== undefined) {
    void q.where('username', owner.username);
    if (owner.domain !== undefined) void (owner.domain === null ? q.whereNull('domain') : q.where('domain', owner.domain));
  }
  const rows: unknown = await q;
  return asRows(rows).map(record);
}

/** Writes a contact: updates the row with its ruid, or inserts one. */
export async function saveLocation(db: Knex, table: string, r: LocationRecord): Promise<void> {
  const values = columns(engineOf(db), r);
  const updated = await db(table).where('ruid', r.ruid).update(values);
  if (updated === 0) await db(table).insert(values);
}

/** Deletes the row of a contact; returns how many went (0 or 1). */
export function deleteLocation(db: Knex, table: string, ruid: string): Promise<number> {
  return db(table).where('ruid', ruid).delete();
}

/** Deletes the rows that expired before `now` (ms), keeping permanent ones (usrloc db_mode 3's timer). */
export function deleteExpiredBefore(db: Knex, table: string, now: number): Promise<number> {
  const engine = engineOf(db);
  return whereExpires(whereExpires(db(table), engine, '<', now), engine, '>=', DAY_MS).delete();
}

export interface LocationCounts {
  /** Distinct user (and domain) with a valid or permanent contact. */
  readonly users: number;
  /** Valid or permanent contacts. */
  readonly contacts: number;
  /** Contacts whose time has passed. */
  readonly expired: number;
}

/** What ul.db_users, ul.db_contacts and ul.db_expired_contacts report. */
export async function countLocations(db: Knex, table: string, now: number): Promise<LocationCounts> {
  const engine = engineOf(db);
  const live = (): Knex.QueryBuilder =>
    db(table).where((w) => {
      void whereExpires(w, engine, '>=', now).orWhere((p) => {
        void whereExpires(p, engine, '<', DAY_MS);
      });
    });
  const expired = whereExpires(whereExpires(db(table), engine, '<', now), engine, '>=', DAY_MS);
  const count = async (q: Knex.QueryBuilder): Promise<number> => num(asRows(await q.count({ n: '*' }))[0] ?? {}, 'n');
  const users: unknown = await db.count({ n: '*' }).from(live().distinct('username', 'domain').as('u'));
  return { users: num(asRows(users)[0] ?? {}, 'n'), contacts: await count(live()), expired: await count(expired) };
}

export interface LocationCleanResult {
  readonly deleted: number;
  /** Rows whose expires is before this local time were deleted. */
  readonly expiredBefore: string;
}

/** Deletes rows that expired more than `seconds` ago (kamctl's default 3600), keeping permanent ones. */
export async function deleteExpiredLocations(db: Knex, seconds: number, now: Date = new Date()): Promise<LocationCleanResult> {
  const before = now.getTime() - seconds * 1000;
  const deleted = await deleteExpiredBefore(db, 'location', before);
  return { deleted, expiredBefore: localTimestamp(new Date(before)) };
}
