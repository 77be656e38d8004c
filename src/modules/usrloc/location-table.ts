/**
 * One usrloc domain (`location`): address-of-record → contacts, in memory. Times come from the
 * injected clock; `expire()` removes contacts whose time has passed (the module's timer calls
 * it every timer_interval). This is the API the registrar and the ul.* RPC methods use: add,
 * rm, rmContact, lookup, dump.
 *
 * With a database (db_mode 1–3) the table keeps a journal of the contacts it saved or
 * deleted since the last `takeChanges()`, which the module writes to the DB; `restore()` and
 * `forget()` put rows read from the DB in and take them out again without a journal entry.
 */
import type { Clock } from '../../cfg/core-services.js';

/** A contact as stored (Kamailio's ucontact_t). `expires` is absolute, in ms; 0 = permanent. */
export interface Contact {
  readonly aor: string;
  readonly uri: string;
  expires: number;
  /** 0..1, or null when the contact gave none. */
  q: number | null;
  callId: string;
  cseq: number;
  userAgent: string;
  received: string | null;
  path: string | null;
  /** Branch flags saved with the contact. */
  cflags: number;
  /** Methods from the Allow header; null = all. */
  methods: readonly string[] | null;
  /** Listener the REGISTER came in on. */
  socket: string | null;
  instance: string | null;
  regId: number;
  lastModified: number;
  /** Unique id of this binding (Kamailio's ruid). */
  readonly ruid: string;
}

export type ContactInput = Omit<Contact, 'aor' | 'uri' | 'lastModified' | 'ruid'>;

/** A contact saved (inserted or updated) or deleted since the journal was last taken. */
export interface LocationChange {
  readonly kind: 'save' | 'delete';
  readonly contact: Contact;
}

/** Kamailio's usrloc order: highest q first (no q counts as lowest), then the newest. */
function byQ(a: Contact, b: Contact): number {
  const qa = a.q ?? -1;
  const qb = b.q ?? -1;
  return qb - qa || b.lastModified - a.lastModified;
}

export class LocationTable {
  readonly name: string;
  readonly #clock: Clock;
  readonly #records = new Map<string, Map<string, Contact>>();
  /** By ruid; null when nothing is written to a database. */
  readonly #journal: Map<string, LocationChange> | null;
  /** Kamailio's ruid form, uloc-<start time>-<pid>-<n>: unique across restarts on one DB. */
  readonly #ruidPrefix: string;
  #ruid = 0;

  constructor(name: string, clock: Clock, journal = false) {
    this.name = name;
    this.#clock = clock;
    this.#journal = journal ? new Map() : null;
    this.#ruidPrefix = `uloc-${Math.floor(clock.now() / 1000).toString(16)}-${process.pid.toString(16)}`;
  }

  #note(kind: LocationChange['kind'], contact: Contact): void {
    if (this.#journal === null) return;
    this.#journal.delete(contact.ruid);
    this.#journal.set(contact.ruid, { kind, contact });
  }

  /** The journal since the last call, oldest first, and a fresh one. */
  takeChanges(): LocationChange[] {
    if (this.#journal === null || this.#journal.size === 0) return [];
    const out = [...this.#journal.values()];
    this.#journal.clear();
    return out;
  }

  /** Puts back changes that could not be written, unless the contact changed again since. */
  requeue(changes: readonly LocationChange[]): void {
    if (this.#journal === null) return;
    const newer = new Map(this.#journal);
    this.#journal.clear();
    for (const ch of changes) if (!newer.has(ch.contact.ruid)) this.#journal.set(ch.contact.ruid, ch);
    for (const [ruid, ch] of newer) this.#journal.set(ruid, ch);
  }

  /** Adds a contact as read from the database (ruid and times kept, no journal entry). */
  restore(c: Contact): void {
    let rec = this.#records.get(c.aor);
    if (rec === undefined) {
      rec = new Map();
      this.#records.set(c.aor, rec);
    }
    rec.set(c.uri, c);
  }

  /** Drops an AOR from memory only (db_mode 3, after each operation). */
  forget(aor: string): void {
    this.#records.delete(aor);
  }

  #valid(c: Contact, now: number): boolean {
    return c.expires === 0 || c.expires > now;
  }

  /** Adds or replaces a contact of an AOR. */
  add(aor: string, uri: string, input: ContactInput): Contact {
    let rec = this.#records.get(aor);
    if (rec === undefined) {
      rec = new Map();
      this.#records.set(aor, rec);
    }
    const old = rec.get(uri);
    const c: Contact = { ...input, aor, uri, lastModified: this.#clock.now(), ruid: old?.ruid ?? `${this.#ruidPrefix}-${(++this.#ruid).toString(16)}` };
    rec.set(uri, c);
    this.#note('save', c);
    return c;
  }

  /** Removes an AOR with all its contacts; false if it did not exist. */
  rm(aor: string): boolean {
    const rec = this.#records.get(aor);
    if (rec === undefined) return false;
    for (const c of rec.values()) this.#note('delete', c);
    return this.#records.delete(aor);
  }

  /** Removes one contact; false if it did not exist. */
  rmContact(aor: string, uri: string): boolean {
    const rec = this.#records.get(aor);
    if (rec === undefined) return false;
    const c = rec.get(uri);
    if (c !== undefined) this.#note('delete', c);
    const ok = rec.delete(uri);
    if (rec.size === 0) this.#records.delete(aor);
    return ok;
  }

  /** The contact with this URI, expired or not. */
  get(aor: string, uri: string): Contact | undefined {
    return this.#records.get(aor)?.get(uri);
  }

  /** The valid contacts of an AOR in usrloc order (empty when none). */
  lookup(aor: string): Contact[] {
    const rec = this.#records.get(aor);
    if (rec === undefined) return [];
    const now = this.#clock.now();
    return [...rec.values()].filter((c) => this.#valid(c, now)).sort(byQ);
  }

  /** Every AOR with its valid contacts. */
  dump(): { aor: string; contacts: Contact[] }[] {
    return [...this.#records.keys()].map((aor) => ({ aor, contacts: this.lookup(aor) })).filter((r) => r.contacts.length > 0);
  }

  /** Removes expired contacts (and empty AORs); returns how many contacts went. */
  expire(): number {
    const now = this.#clock.now();
    let n = 0;
    for (const [aor, rec] of this.#records) {
      for (const [uri, c] of rec) {
        if (!this.#valid(c, now)) {
          this.#note('delete', c);
          rec.delete(uri);
          n++;
        }
      }
      if (rec.size === 0) this.#records.delete(aor);
    }
    return n;
  }

  users(): number {
    return this.#records.size;
  }

  contacts(): number {
    let n = 0;
    for (const rec of this.#records.values()) n += rec.size;
    return n;
  }
}
