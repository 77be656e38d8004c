/**
 * kamctl's `ul` and `online` over usrloc's RPC methods (`ul.dump`, `ul.dump brief`, `ul.lookup`,
 * `ul.add`, `ul.rm`, `ul.rm_contact`), with replies read into one typed shape whatever the
 * transport.
 */
import { AppError } from '../errors.js';
import { RpcDouble, type RpcValue } from '../rpc/rpc-value.js';
import { faultAsNotFound } from './rpc-faults.js';
import { listOf, optNumber, optString, str, structOf, u32, unwrap } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';

/** usrloc's table (kamctl's `location`; `aliases` for the legacy alias table). */
export const DEFAULT_UL_TABLE = 'location';

export interface UlContact {
  readonly address: string;
  /** Seconds left; or `permanent`, `expired`, `deleted` as usrloc reports them. */
  readonly expires: number | string | null;
  /** null when the contact has no q (usrloc's -1). */
  readonly q: number | null;
  readonly callId: string | null;
  readonly cseq: number | null;
  readonly userAgent: string | null;
  readonly received: string | null;
  readonly path: string | null;
  readonly state: string | null;
  readonly flags: number | null;
  readonly cflags: number | null;
  readonly socket: string | null;
  readonly methods: number | null;
  readonly ruid: string | null;
  readonly instance: string | null;
  readonly regId: number | null;
  readonly lastModified: number | null;
}

export interface UlRecord {
  readonly table: string;
  readonly aor: string;
  readonly contacts: readonly UlContact[];
}

export interface UlAorEntry {
  readonly table: string;
  readonly aor: string;
}

export type UlShowResult =
  | { readonly mode: 'all'; readonly records: readonly UlRecord[] }
  | { readonly mode: 'aor'; readonly records: readonly UlRecord[] }
  | { readonly mode: 'brief'; readonly aors: readonly UlAorEntry[] };

/**
 * An AoR as usrloc stores it: a leading `sip:`/`sips:` is dropped, and a bare user name gets
 * `@SIP_DOMAIN` when that is set (kamctl's rule). Without SIP_DOMAIN the bare name is kept, which
 * is what usrloc with `use_domain=0` expects.
 */
export function qualifyAor(text: string, sipDomain: string | undefined): string {
  const aor = text.trim().replace(/^sips?:/i, '');
  if (aor === '' || /\s/.test(aor)) throw new AppError('E_USAGE', `"${text}" is not an address of record (user or user@domain)`);
  if (aor.includes('@') || sipDomain === undefined || sipDomain === '') return aor;
  return `${aor}@${sipDomain}`;
}

function contactOf(method: string, value: RpcValue): UlContact {
  const c = structOf(method, unwrap(value, 'Contact'), 'a contact');
  const expires = c['Expires'];
  const q = optNumber(c['Q']);
  return {
    address: str(method, c['Address'], 'Contact.Address'),
    expires: typeof expires === 'number' ? expires : optString(expires),
    q: q === null || q < 0 ? null : q,
    callId: optString(c['Call-ID']),
    cseq: optNumber(c['CSeq']),
    userAgent: optString(c['User-Agent']),
    received: optString(c['Received']),
    path: optString(c['Path']),
    state: optString(c['State']),
    flags: optNumber(c['Flags']),
    cflags: optNumber(c['CFlags']),
    socket: optString(c['Socket']),
    methods: u32(c['Methods']),
    ruid: optString(c['Ruid']),
    instance: optString(c['Instance']),
    regId: optNumber(c['Reg-Id']),
    lastModified: optNumber(c['Last-Modified']),
  };
}

function recordOf(method: string, table: string, value: RpcValue): UlRecord {
  const info = structOf(method, unwrap(value, 'Info'), 'an AoR entry');
  return { table, aor: str(method, info['AoR'], 'AoR'), contacts: listOf(info['Contacts']).map((c) => contactOf(method, c)) };
}

function domainsOf(method: string, reply: RpcValue): { table: string; aors: readonly RpcValue[] }[] {
  const top = structOf(method, reply, 'the reply');
  return listOf(top['Domains']).map((entry) => {
    const domain = structOf(method, unwrap(entry, 'Domain'), 'a domain entry');
    return { table: str(method, domain['Domain'], 'Domain'), aors: listOf(domain['AoRs']) };
  });
}

export function parseUlDump(reply: RpcValue): UlRecord[] {
  return domainsOf('ul.dump', reply).flatMap((d) => d.aors.map((a) => recordOf('ul.dump', d.table, a)));
}

export function parseUlDumpBrief(reply: RpcValue): UlAorEntry[] {
  return domainsOf('ul.dump', reply).flatMap((d) => d.aors.map((a) => ({ table: d.table, aor: str('ul.dump', unwrap(a, 'AoR'), 'AoR') })));
}

export function parseUlLookup(table: string, reply: RpcValue): UlRecord {
  return recordOf('ul.lookup', table, reply);
}

const AOR_NOT_FOUND = /AOR not found/i;

/** One AoR (ul.lookup); an unknown one is E_NOT_FOUND. */
export async function ulLookup(rpc: RpcCaller, aor: string, table = DEFAULT_UL_TABLE): Promise<UlRecord> {
  const reply = await faultAsNotFound(() => rpc.call('ul.lookup', [table, aor]), AOR_NOT_FOUND, `${aor} has no contacts in ${table}`);
  return parseUlLookup(table, reply);
}

export async function ulShow(rpc: RpcCaller, opts: { readonly aor?: string | undefined; readonly brief?: boolean; readonly table?: string }): Promise<UlShowResult> {
  const table = opts.table ?? DEFAULT_UL_TABLE;
  if (opts.aor !== undefined) return { mode: 'aor', records: [await ulLookup(rpc, opts.aor, table)] };
  if (opts.brief === true) return { mode: 'brief', aors: parseUlDumpBrief(await rpc.call('ul.dump', ['brief'])).filter((e) => opts.table === undefined || e.table === table) };
  return { mode: 'all', records: parseUlDump(await rpc.call('ul.dump', [])).filter((r) => opts.table === undefined || r.table === table) };
}

export interface UlAddOptions {
  readonly table?: string;
  readonly aor: string;
  readonly contact: string;
  /** Seconds; 0 makes the contact permanent (kamctl's default). */
  readonly expires?: number;
  readonly q?: number;
  readonly path?: string;
  readonly flags?: number;
  readonly cflags?: number;
  /** Bit mask of allowed methods; default all (4294967295). */
  readonly methods?: number;
}

export interface UlAddResult {
  readonly table: string;
  readonly aor: string;
  readonly contact: string;
  readonly expires: number;
  readonly q: number;
}

export const ALL_METHODS = 0xffffffff;

/** Parses a q value: 0 to 1, at most three decimals (RFC 3261 §20.10). */
export function parseQ(text: string): number {
  const t = text.trim();
  if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?|\.\d{1,3})$/.test(t)) throw new AppError('E_USAGE', `q must be a number from 0 to 1 with at most three decimals, not "${text}"`);
  return Number(t);
}

export function parseExpires(text: string): number {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) > 0x7fffffff) throw new AppError('E_USAGE', `expires must be a whole number of seconds (0 = permanent), not "${text}"`);
  return Number(t);
}

export async function ulAdd(rpc: RpcCaller, o: UlAddOptions): Promise<UlAddResult> {
  const table = o.table ?? DEFAULT_UL_TABLE;
  if (!/^sips?:|^tel:/i.test(o.contact)) throw new AppError('E_USAGE', `"${o.contact}" is not a contact URI (sip:user@host)`);
  const expires = o.expires ?? 0;
  const q = o.q ?? 1;
  await rpc.call('ul.add', [table, o.aor, o.contact, expires, new RpcDouble(q), o.path ?? '', o.flags ?? 0, o.cflags ?? 0, o.methods ?? ALL_METHODS]);
  return { table, aor: o.aor, contact: o.contact, expires, q };
}

export interface UlRmResult {
  readonly table: string;
  readonly aor: string;
  /** The contacts removed: every one of the AoR, or the one named. */
  readonly removed: readonly string[];
}

/** Removes an AoR. usrloc answers success for an unknown AoR, so it is looked up first. */
export async function ulRm(rpc: RpcCaller, aor: string, table = DEFAULT_UL_TABLE): Promise<UlRmResult> {
  const record = await ulLookup(rpc, aor, table);
  await rpc.call('ul.rm', [table, aor]);
  return { table, aor, removed: record.contacts.map((c) => c.address) };
}

export async function ulRmContact(rpc: RpcCaller, aor: string, contact: string, table = DEFAULT_UL_TABLE): Promise<UlRmResult> {
  await faultAsNotFound(() => rpc.call('ul.rm_contact', [table, aor, contact]), /not found/i, `${aor} has no contact ${contact} in ${table}`);
  return { table, aor, removed: [contact] };
}

export interface OnlineResult {
  readonly aors: readonly string[];
}

/** kamctl online: the AoRs with contacts, sorted and unique. */
export async function online(rpc: RpcCaller): Promise<OnlineResult> {
  const entries = parseUlDumpBrief(await rpc.call('ul.dump', ['brief']));
  return { aors: [...new Set(entries.map((e) => e.aor))].sort() };
}

/** Whole seconds as "1d 02:03:04" / "02:03:04" for tables. */
export function formatExpires(expires: number | string | null): string {
  if (expires === null) return '';
  if (typeof expires === 'string') return expires;
  return formatDuration(expires);
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${String(days)}d ${hms}` : hms;
}
