/**
 * usrloc's side of the location table (db_mode 1–3): contacts to rows and back, as Kamailio
 * 5.6 writes them, over the daemon's shared handle of db_url
 * (src/db/daemon-pool.ts). The SQL is in
 * src/db/repos/location.ts.
 */
import type { Knex } from 'knex';
import { countLocations, deleteExpiredBefore, deleteLocation, readLocations, saveLocation, type LocationCounts, type LocationRecord } from '../../db/repos/location.js';
import type { Contact, LocationChange } from './location-table.js';

export const ALL_METHODS = 0xffffffff;
/** Kamailio's METHOD_* bits, for the methods column and the Methods field of ul.dump. */
const METHOD_BITS: Readonly<Record<string, number>> = {
  INVITE: 1,
  CANCEL: 2,
  ACK: 4,
  BYE: 8,
  INFO: 16,
  REGISTER: 32,
  SUBSCRIBE: 64,
  NOTIFY: 128,
  MESSAGE: 256,
  OPTIONS: 512,
  PRACK: 1024,
  UPDATE: 2048,
  REFER: 4096,
  PUBLISH: 8192,
};

export function methodsMask(methods: readonly string[] | null): number {
  if (methods === null) return ALL_METHODS;
  let mask = 0;
  for (const m of methods) mask |= METHOD_BITS[m.toUpperCase()] ?? 0;
  return mask >>> 0;
}

export function methodsFromMask(mask: number): string[] | null {
  if (mask >>> 0 === ALL_METHODS) return null;
  return Object.entries(METHOD_BITS)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([m]) => m);
}

/** Kamailio's connection_id for a contact without a TCP connection. */
const NO_CONNECTION = -1;

/** The row Kamailio writes for a contact. */
export function contactRecord(c: Contact, useDomain: boolean): LocationRecord {
  const at = useDomain ? c.aor.indexOf('@') : -1;
  const mask = methodsMask(c.methods);
  return {
    ruid: c.ruid,
    username: at < 0 ? c.aor : c.aor.slice(0, at),
    domain: at < 0 ? null : c.aor.slice(at + 1),
    contact: c.uri,
    received: c.received,
    path: c.path,
    expires: c.expires,
    q: c.q ?? -1,
    callid: c.callId,
    cseq: c.cseq,
    lastModified: c.lastModified,
    flags: 0,
    cflags: c.cflags,
    userAgent: c.userAgent,
    socket: c.socket,
    methods: mask === ALL_METHODS ? null : mask,
    instance: c.instance,
    regId: c.regId,
    serverId: 0,
    connectionId: NO_CONNECTION,
    keepalive: 0,
    partition: 0,
  };
}

const orNull = (s: string | null): string | null => (s === null || s === '' ? null : s);

/** A contact as read from a row (Kamailio's or ours); the AOR is user[@domain] as use_domain says. */
export function recordContact(r: LocationRecord, useDomain: boolean): Contact {
  return {
    aor: useDomain && r.domain !== null && r.domain !== '' ? `${r.username}@${r.domain}` : r.username,
    uri: r.contact,
    expires: r.expires,
    q: r.q < 0 ? null : r.q,
    callId: r.callid,
    cseq: r.cseq,
    userAgent: r.userAgent,
    received: orNull(r.received),
    path: orNull(r.path),
    cflags: r.cflags,
    methods: r.methods === null ? null : methodsFromMask(r.methods),
    socket: orNull(r.socket),
    instance: orNull(r.instance),
    regId: r.regId,
    lastModified: r.lastModified,
    ruid: r.ruid,
  };
}

/** The location tables of one database, as usrloc reads and writes them. */
export class LocationDb {
  readonly #db: Knex;
  readonly #useDomain: boolean;
  readonly #release: () => Promise<void>;

  /** `release` gives the (shared) handle back on destroy(). */
  constructor(db: Knex, useDomain: boolean, release: () => Promise<void>) {
    this.#db = db;
    this.#useDomain = useDomain;
    this.#release = release;
  }

  /** Every contact of the table (start-up load of db_mode 1 and 2). */
  async all(table: string): Promise<Contact[]> {
    return (await readLocations(this.#db, table)).map((r) => recordContact(r, this.#useDomain));
  }

  /** The contacts of one AOR (db_mode 3). */
  async ofAor(table: string, aor: string): Promise<Contact[]> {
    const at = this.#useDomain ? aor.indexOf('@') : -1;
    const owner = at < 0 ? { username: aor, ...(this.#useDomain ? { domain: null } : {}) } : { username: aor.slice(0, at), domain: aor.slice(at + 1) };
    return (await readLocations(this.#db, table, owner)).map((r) => recordContact(r, this.#useDomain));
  }

  /** Writes changes in order; on a failure, throws with the changes not yet written. */
  async write(table: string, changes: readonly LocationChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i++) {
      const ch = changes[i];
      if (ch === undefined) continue;
      try {
        if (ch.kind === 'save') await saveLocation(this.#db, table, contactRecord(ch.contact, this.#useDomain));
        else await deleteLocation(this.#db, table, ch.contact.ruid);
      } catch (e) {
        throw new LocationWriteError(changes.slice(i), e);
      }
    }
  }

  deleteExpired(table: string, now: number): Promise<number> {
    return deleteExpiredBefore(this.#db, table, now);
  }

  counts(table: string, now: number): Promise<LocationCounts> {
    return countLocations(this.#db, table, now);
  }

  /** Gives the shared database handle back. */
  destroy(): Promise<void> {
    return this.#release();
  }
}

/** A write that failed, with the changes that were not written. */
export class LocationWriteError extends Error {
  readonly pending: readonly LocationChange[];
  constructor(pending: readonly LocationChange[], cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.pending = pending;
  }
}

/** A db_mode 3 operation that could not read or write the database. */
export class UsrlocDbError extends Error {}
