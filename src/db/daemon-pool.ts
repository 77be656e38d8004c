/**
 * The daemon's database handles: one knex pool per distinct `db_url` per process, shared by
 * every module that names that URL (Kamailio opens a connection per module and process; sipd
 * is one process, so one pool serves them all). A module acquires the handle in its init and
 * releases it in its stop; the last release closes the pool. Errors carry the module's name
 * and the `db_url` modparam, never the password.
 */
import type { Knex } from 'knex';
import { AppError } from '../errors.js';
import { connect } from './connect.js';
import { parseDbUrl } from './db-url.js';
import type { DbSettings } from './settings.js';

/**
 * Connections of one shared pool: queries in flight at once. One connection would queue every
 * authenticated request behind the previous one's round trip, and the event loop turns between
 * them: under load (S3 of the perf reference, 500 registrations/s) the queue outgrew SIPp's
 * 500 ms retransmission timer and collapsed. Kamailio keeps one connection per worker; a few
 * here play that part, opened only when needed (pool min 0). SQLite stays at one connection
 * (src/db/connect.ts).
 */
export const DAEMON_DB_CONNECTIONS = 4;

interface Entry {
  readonly open: Promise<Knex>;
  users: number;
}

const handles = new Map<string, Entry>();

function prefixed(owner: string, e: unknown): AppError {
  const err = e instanceof AppError ? e : new AppError('E_DB_CONNECT', e instanceof Error ? e.message : String(e));
  return new AppError(err.code, `${owner}: modparam "db_url": ${err.message}`, { cause: e });
}

/**
 * One module's use of the shared handle of a db_url: open() in the module's init, `db` while
 * open, close() in its stop. Errors name the module and its `db_url` modparam, without the
 * password.
 */
export class SharedDb {
  readonly owner: string;
  readonly settings: DbSettings;
  readonly #key: string;
  #entry: Entry | null = null;
  #db: Knex | null = null;

  /** Throws E_USAGE (prefixed with the module and modparam) when the URL is not one. */
  constructor(owner: string, url: string) {
    this.owner = owner;
    this.#key = url.trim();
    try {
      this.settings = parseDbUrl(this.#key);
    } catch (e) {
      throw prefixed(owner, e);
    }
  }

  /** The open handle; null before open() and after close(). */
  get db(): Knex | null {
    return this.#db;
  }

  /** Opens the URL's pool on first use in the process, or joins it; throws E_DB_* when it cannot be reached. */
  async open(): Promise<Knex> {
    if (this.#db !== null) return this.#db;
    const key = this.#key;
    let entry = handles.get(key);
    if (entry === undefined) {
      const created: Entry = { open: connect(this.settings, 'rw', { poolSize: DAEMON_DB_CONNECTIONS }), users: 0 };
      created.open.catch(() => {
        if (handles.get(key) === created) handles.delete(key);
      });
      handles.set(key, created);
      entry = created;
    }
    entry.users++;
    try {
      this.#db = await entry.open;
    } catch (e) {
      entry.users--;
      throw prefixed(this.owner, e);
    }
    this.#entry = entry;
    return this.#db;
  }

  /** Gives the handle back (a second call does nothing); the last user's close destroys the pool. */
  async close(): Promise<void> {
    const entry = this.#entry;
    const db = this.#db;
    this.#entry = null;
    this.#db = null;
    if (entry === null || db === null) return;
    entry.users--;
    if (entry.users > 0) return;
    if (handles.get(this.#key) === entry) handles.delete(this.#key);
    await db.destroy();
  }
}

/** How many distinct db_url handles are open in this process (for tests). */
export function openDbHandles(): number {
  return handles.size;
}
