/**
 * usrloc: the in-memory location service (db_mode 0). It keeps one LocationTable per usrloc
 * domain (`location`), expires contacts on a timer of `timer_interval` seconds through the
 * injected clock, and keeps Kamailio's statistics (usrloc:registered_users,
 * usrloc:location_users, usrloc:location_contacts, usrloc:location_expires).
 */
import type { TimerHandle } from '../../cfg/core-services.js';
import { FixupError } from '../../cfg/script-api.js';
import type { ModuleDefinition } from '../module-api.js';
import { LocationTable } from './location-table.js';
import { usrlocRpc } from './rpc.js';

export { LocationTable, type Contact, type ContactInput } from './location-table.js';

/** What registrar and the ul.* RPC methods use. */
export class Usrloc {
  readonly useDomain: boolean;
  readonly natBflag: number;
  readonly #tables = new Map<string, LocationTable>();
  readonly #newTable: (name: string) => LocationTable;

  constructor(useDomain: boolean, natBflag: number, newTable: (name: string) => LocationTable) {
    this.useDomain = useDomain;
    this.natBflag = natBflag;
    this.#newTable = newTable;
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
}

export const usrlocModule: ModuleDefinition = {
  name: 'usrloc',
  doc: 'user location (contacts of registered users), in memory',
  params: {
    db_mode: { type: 'int', default: 0, doc: '0 memory only (the only mode here for now)' },
    db_url: { type: 'str', default: null, doc: 'database URL (db_mode 1..3)' },
    timer_interval: { type: 'int', default: 60, doc: 'seconds between expiry scans' },
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
  ],
  create(ctx) {
    const mode = ctx.params.int('db_mode');
    if (mode !== 0) throw new FixupError(`usrloc: db_mode ${String(mode)} is not available yet; only db_mode 0 (memory) is`);
    const interval = ctx.params.int('timer_interval');
    if (interval <= 0) throw new FixupError('usrloc: timer_interval must be positive');
    const ul = new Usrloc(ctx.params.int('use_domain') !== 0, ctx.params.int('nat_bflag'), (name) => new LocationTable(name, ctx.core.clock));
    for (const d of ctx.params.all('preload')) ul.domain(String(d));
    const users = (): number => ul.tables().reduce((n, t) => n + t.users(), 0);
    ctx.stats.register('usrloc', 'registered_users', 'gauge', 'AORs with at least one contact', users);
    ctx.stats.register('usrloc', 'location_users', 'gauge', 'AORs in the location table', () => ul.find('location')?.users() ?? 0);
    ctx.stats.register('usrloc', 'location_contacts', 'gauge', 'contacts in the location table', () => ul.find('location')?.contacts() ?? 0);
    let timer: TimerHandle | null = null;
    const expire = (): void => {
      const n = ul.expireAll();
      if (n > 0) ctx.stats.inc('usrloc', 'location_expires', n);
    };
    return {
      api: ul,
      rpc: usrlocRpc(ul, ctx.core.clock),
      start: () => {
        timer = ctx.core.clock.every(interval * 1000, expire);
      },
      stop: () => {
        timer?.cancel();
        timer = null;
      },
    };
  },
};
