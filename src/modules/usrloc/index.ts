/**
 * usrloc: the location service. One LocationTable per usrloc domain (`location`) in memory;
 * contacts expire on a timer of `timer_interval` seconds through the injected clock. With
 * db_url, the `location` table persists them as Kamailio 5.6's db_mode says: 1 write-through
 * (every change written at once, memory authoritative), 2 write-back (changes flushed by the
 * timer, by ul.flush and at shutdown), both loaded from the DB at start; 3 DB only (each
 * operation reads the AOR's rows and writes its changes; nothing is kept in memory). A DB
 * failure is logged and counted (usrloc:db_failures), never a crash; in db_mode 3 it fails
 * the operation. Kamailio's statistics: usrloc:registered_users, location_users,
 * location_contacts, location_expires.
 */
import type { TimerHandle } from '../../cfg/core-services.js';
import { FixupError } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import type { LocationCounts } from '../../db/repos/location.js';
import { describeDb } from '../../db/settings.js';
import { AppError } from '../../errors.js';
import type { ModuleDefinition, ModuleLogger } from '../module-api.js';
import type { StatsRegistry } from '../stats-registry.js';
import { LocationDb, LocationWriteError, UsrlocDbError } from './location-db.js';
import { LocationTable, type Contact, type LocationChange } from './location-table.js';
import { usrlocRpc } from './rpc.js';

export { LocationTable, type Contact, type ContactInput, type LocationChange } from './location-table.js';
export { UsrlocDbError } from './location-db.js';

export type DbMode = 0 | 1 | 2 | 3;

/** What the module's database work reports to: its logger and the usrloc:db_failures counter. */
interface Reporter {
  readonly logger: ModuleLogger;
  readonly stats: StatsRegistry;
  readonly where: string;
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** What registrar and the ul.* RPC methods use. */
export class Usrloc {
  readonly useDomain: boolean;
  readonly natBflag: number;
  readonly mode: DbMode;
  readonly #tables = new Map<string, LocationTable>();
  readonly #newTable: (name: string) => LocationTable;
  /** Tail of the queue of operations per key (AOR, or the write queue). */
  readonly #queues = new Map<string, Promise<unknown>>();
  #db: LocationDb | null = null;
  #reporter: Reporter | null = null;

  constructor(useDomain: boolean, natBflag: number, newTable: (name: string) => LocationTable, mode: DbMode = 0) {
    this.useDomain = useDomain;
    this.natBflag = natBflag;
    this.#newTable = newTable;
    this.mode = mode;
  }

  /** The domain (table) of this name, created on first use (Kamailio registers it at fixup). */
  domain(name: string): LocationTable {
    let t = this.#tables.get(name);
    if (t === undefined) {
      t = this.#newTable(name);
      this.#tables.set(name, t);
    }
    return t;
  }

  /** An existing domain, or undefined. */
  find(name: string): LocationTable | undefined {
    return this.#tables.get(name);
  }

  tables(): LocationTable[] {
    return [...this.#tables.values()];
  }

  expireAll(): number {
    let n = 0;
    for (const t of this.#tables.values()) n += t.expire();
    return n;
  }

  /** Connects the tables to the database (db_mode 1–3) and, in db_mode 1 and 2, loads every contact. */
  async attach(db: LocationDb, reporter: Reporter): Promise<void> {
    this.#db = db;
    this.#reporter = reporter;
    if (this.mode !== 1 && this.mode !== 2) return;
    for (const t of this.#tables.values()) for (const c of await db.all(t.name)) t.restore(c);
  }

  #failed(what: string, e: unknown): void {
    const r = this.#reporter;
    if (r === null) return;
    r.stats.inc('usrloc', 'db_failures');
    r.logger.log(-1, `${what} (${r.where}): ${errText(e)}`);
  }

  /** Runs `fn` after every earlier operation queued under `key` has finished. */
  #serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(key, tail);
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return run;
  }

  /** Writes a table's changes in the order they were made; throws LocationWriteError. */
  #write(table: LocationTable, changes: readonly LocationChange[]): Promise<void> {
    const db = this.#db;
    if (db === null || changes.length === 0) return Promise.resolve();
    return this.#serial('\0write', () => db.write(table.name, changes));
  }

  /** db_mode 3: the AOR's rows as the table's only contents of it while `fn` runs. */
  #fromDb<T>(table: LocationTable, aor: string, fn: () => T): Promise<T> {
    const db = this.#db;
    if (db === null) return Promise.reject(new UsrlocDbError('the location database is not open'));
    return this.#serial(`${table.name}\0${aor}`, async () => {
      try {
        let rows: Contact[];
        try {
          rows = await db.ofAor(table.name, aor);
        } catch (e) {
          this.#failed(`cannot read the contacts of ${aor} from ${table.name}`, e);
          throw new UsrlocDbError(errText(e));
        }
        for (const c of rows) table.restore(c);
        const result = fn();
        try {
          await this.#write(table, table.takeChanges());
        } catch (e) {
          this.#failed(`cannot write the contacts of ${aor} to ${table.name}`, e);
          throw new UsrlocDbError(errText(e));
        }
        return result;
      } finally {
        table.takeChanges();
        table.forget(aor);
      }
    });
  }

  /**
   * The valid contacts of an AOR, highest q first: from memory, or in db_mode 3 from the
   * database (a failed read is logged and gives none).
   */
  contacts(table: LocationTable, aor: string): Contact[] | Promise<Contact[]> {
    if (this.mode !== 3) return table.lookup(aor);
    return this.#fromDb(table, aor, () => table.lookup(aor)).catch((e: unknown) => {
      if (e instanceof UsrlocDbError) return [];
      throw e;
    });
  }

  /**
   * Runs a change of one AOR's contacts (add, rm, rmContact inside `fn`). db_mode 1 writes it
   * at once (a failure is logged; memory stays as changed); db_mode 3 reads the AOR first and
   * writes after, and rejects with UsrlocDbError when either fails. Synchronous in db_mode 0
   * and 2.
   */
  change<T>(table: LocationTable, aor: string, fn: () => T): T | Promise<T> {
    if (this.mode === 3) return this.#fromDb(table, aor, fn);
    const result = fn();
    if (this.mode !== 1) return result;
    return this.#write(table, table.takeChanges()).then(
      () => result,
      (e: unknown) => {
        this.#failed(`cannot write the contacts of ${aor} to ${table.name}`, e);
        return result;
      },
    );
  }

  /** db_mode 2: writes every pending change; what fails stays pending for the next flush. */
  async flush(): Promise<void> {
    if (this.mode !== 2) return;
    for (const t of this.#tables.values()) {
      try {
        await this.#write(t, t.takeChanges());
      } catch (e) {
        this.#failed(`cannot flush ${t.name}`, e);
        if (e instanceof LocationWriteError) t.requeue(e.pending);
      }
    }
  }

  /**
   * The timer's database work, after expireAll(): db_mode 1 writes the deletions of expired
   * contacts, 2 flushes, 3 deletes the expired rows. Returns how many rows db_mode 3 deleted.
   */
  async sync(now: number): Promise<number> {
    if (this.mode === 2) await this.flush();
    if (this.mode === 1) {
      for (const t of this.#tables.values()) {
        try {
          await this.#write(t, t.takeChanges());
        } catch (e) {
          this.#failed(`cannot delete the expired contacts of ${t.name}`, e);
        }
      }
    }
    const db = this.#db;
    if (this.mode !== 3 || db === null) return 0;
    let n = 0;
    for (const t of this.#tables.values()) {
      try {
        n += await db.deleteExpired(t.name, now);
      } catch (e) {
        this.#failed(`cannot delete the expired contacts of ${t.name}`, e);
      }
    }
    return n;
  }

  /** The row counts of ul.db_users, ul.db_contacts and ul.db_expired_contacts; throws on a DB error. */
  counts(table: string, now: number): Promise<LocationCounts> {
    if (this.#db === null) return Promise.reject(new UsrlocDbError('the location database is not open'));
    return this.#db.counts(table, now);
  }

  /** Flushes (db_mode 2) and closes the database. */
  async close(): Promise<void> {
    await this.flush();
    const db = this.#db;
    this.#db = null;
    await db?.destroy();
  }
}

/** Kamailio's default db_url for usrloc. */
const DEFAULT_DB_URL = 'mysql://kamailio:kamailiorw@localhost/kamailio';

function dbMode(n: number): DbMode {
  if (n === 0 || n === 1 || n === 2 || n === 3) return n;
  throw new FixupError(`usrloc: db_mode ${String(n)} is not one of 0 (memory), 1 (write-through), 2 (write-back), 3 (DB only)`);
}

export const usrlocModule: ModuleDefinition = {
  name: 'usrloc',
  doc: 'user location (contacts of registered users), in memory and in the location table',
  schemaGroup: 'usrloc',
  params: {
    db_mode: { type: 'int', default: 0, doc: '0 memory only, 1 write-through, 2 write-back, 3 DB only' },
    db_url: { type: 'str', default: DEFAULT_DB_URL, doc: 'database URL for db_mode 1..3 (mysql://, postgres://, sqlite:///path)' },
    timer_interval: { type: 'int', default: 60, doc: 'seconds between expiry scans (and write-back flushes in db_mode 2)' },
    timer_procs: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    use_domain: { type: 'int', default: 0, doc: 'AOR is user@domain instead of user' },
    nat_bflag: { type: 'int', default: -1, doc: 'branch flag marking NATed contacts' },
    desc_time_order: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    matching_mode: { type: 'int', default: 0, doc: 'contact matching: 0 by URI' },
    cseq_delay: { type: 'int', default: 20, doc: 'accepted for compatibility' },
    hash_size: { type: 'int', default: 10, doc: 'accepted for compatibility' },
    preload: { type: 'str', default: null, multi: true, doc: 'usrloc domains to create at start-up' },
    handle_lost_tcp: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    close_expired_tcp: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    expires_type: { type: 'int', default: 0, doc: 'accepted for compatibility' },
  },
  stats: [
    { name: 'registered_users', kind: 'gauge', doc: 'AORs with at least one contact' },
    { name: 'location_users', kind: 'gauge', doc: 'AORs in the location table' },
    { name: 'location_contacts', kind: 'gauge', doc: 'contacts in the location table' },
    { name: 'location_expires', kind: 'counter', doc: 'contacts that expired' },
    { name: 'db_failures', kind: 'counter', doc: 'location table reads and writes that failed (sipd only)' },
  ],
  create(ctx) {
    const mode = dbMode(ctx.params.int('db_mode'));
    const interval = ctx.params.int('timer_interval');
    if (interval <= 0) throw new FixupError('usrloc: timer_interval must be positive');
    let shared: SharedDb | null = null;
    if (mode !== 0) {
      try {
        shared = new SharedDb('usrloc', ctx.params.str('db_url') ?? DEFAULT_DB_URL);
      } catch (e) {
        throw new FixupError(errText(e));
      }
    }
    const clock = ctx.core.clock;
    const ul = new Usrloc(ctx.params.int('use_domain') !== 0, ctx.params.int('nat_bflag'), (name) => new LocationTable(name, clock, mode === 1 || mode === 2 || mode === 3), mode);
    for (const d of ctx.params.all('preload')) ul.domain(String(d));
    const users = (): number => ul.tables().reduce((n, t) => n + t.users(), 0);
    ctx.stats.register('usrloc', 'registered_users', 'gauge', 'AORs with at least one contact', users);
    ctx.stats.register('usrloc', 'location_users', 'gauge', 'AORs in the location table', () => ul.find('location')?.users() ?? 0);
    ctx.stats.register('usrloc', 'location_contacts', 'gauge', 'contacts in the location table', () => ul.find('location')?.contacts() ?? 0);
    let timer: TimerHandle | null = null;
    let running: Promise<void> | null = null;
    const expired = (n: number): void => {
      if (n > 0) ctx.stats.inc('usrloc', 'location_expires', n);
    };
    const tick = (): void => {
      if (mode !== 3) expired(ul.expireAll());
      if (mode === 0 || running !== null) return; // or the previous run still waits for the database
      running = ul.sync(clock.now()).then(
        expired,
        (e: unknown) => {
          ctx.logger.log(-1, `timer: ${errText(e)}`);
        },
      );
      void running.finally(() => {
        running = null;
      });
    };
    return {
      api: ul,
      rpc: usrlocRpc(ul, clock),
      async init() {
        const db = shared;
        if (db === null) return;
        const where = describeDb(db.settings);
        await ul.attach(new LocationDb(await db.open(), ul.useDomain, () => db.close()), { logger: ctx.logger, stats: ctx.stats, where }).catch(async (e: unknown) => {
          await db.close();
          const err = e instanceof AppError ? e : new AppError('E_DB_QUERY', `cannot load the location table of ${where}: ${errText(e)}`);
          throw new AppError(err.code, `usrloc: modparam "db_url": ${err.message}`, { cause: e });
        });
      },
      start: () => {
        timer = clock.every(interval * 1000, tick);
      },
      async stop() {
        timer?.cancel();
        timer = null;
        await running;
        await ul.close();
      },
    };
  },
};
