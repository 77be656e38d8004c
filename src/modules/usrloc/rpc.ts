/**
 * The ul.* RPC methods with Kamailio 5.6's reply shapes and fault texts (the captures in
 * reference/control): ul.dump [brief], ul.lookup, ul.add, ul.rm, ul.rm_contact, ul.flush,
 * ul.db_users, ul.db_contacts, ul.db_expired_contacts. ul.dump shows memory (nothing in
 * db_mode 3, as Kamailio); the others go through the database as the db_mode says.
 */
import type { RpcContext, RpcMethod } from '../../rpc/rpc-method.js';
import type { RpcStruct, RpcValue } from '../../rpc/rpc-value.js';
import type { Clock } from '../../cfg/core-services.js';
import type { LocationCounts } from '../../db/repos/location.js';
import type { Contact, ContactInput, LocationTable } from './location-table.js';
import type { Usrloc } from './index.js';
import { methodsFromMask, methodsMask, UsrlocDbError } from './location-db.js';

/** Kamailio's usrloc hash table size at the default hash_size 10. */
const TABLE_SIZE = 1024;

/** A 32-bit string hash for the HashID field (Kamailio shows its core hash; only stability matters). */
export function aorHash(aor: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < aor.length; i++) h = Math.imul(h ^ aor.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const notSet = (v: string | null): string => (v === null || v === '' ? '[not set]' : v);

function contactStruct(c: Contact, now: number): RpcStruct {
  const modified = Math.floor(c.lastModified / 1000);
  return {
    Contact: {
      Address: c.uri,
      Expires: c.expires === 0 ? 'permanent' : Math.max(0, Math.round((c.expires - now) / 1000)),
      Q: c.q === null ? -1 : c.q,
      'Call-ID': c.callId,
      CSeq: c.cseq,
      'User-Agent': c.userAgent,
      Received: notSet(c.received),
      Path: notSet(c.path),
      State: 'CS_NEW',
      Flags: 0,
      CFlags: c.cflags,
      Socket: notSet(c.socket),
      Methods: methodsMask(c.methods),
      Ruid: c.ruid,
      Instance: notSet(c.instance),
      'Reg-Id': c.regId,
      'Server-Id': 0,
      'Tcpconn-Id': -1,
      Keepalive: 0,
      'Last-Keepalive': modified,
      'KA-Roundtrip': 0,
      'Last-Modified': modified,
    },
  };
}

function str(ctx: RpcContext, i: number): string | undefined {
  const v = ctx.params[i];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function num(ctx: RpcContext, i: number): number | undefined {
  const v = ctx.params[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function usrlocRpc(ul: Usrloc, clock: Clock): RpcMethod[] {
  /** The AOR as usrloc keys it: without the domain unless use_domain is set, without sip:. */
  const aorOf = (text: string): string => {
    const bare = text.replace(/^sips?:/i, '');
    return ul.useDomain ? bare : (bare.split('@')[0] ?? bare);
  };
  const table = (ctx: RpcContext) => {
    const name = str(ctx, 0);
    const t = name === undefined ? undefined : ul.find(name);
    if (t === undefined) throw ctx.fault(500, 'Domain table not found');
    return t;
  };
  /** Runs a change through usrloc; a db_mode 3 database failure is a fault. */
  const change = async (ctx: RpcContext, t: LocationTable, aor: string, fn: () => unknown): Promise<void> => {
    try {
      await ul.change(t, aor, fn);
    } catch (e) {
      if (e instanceof UsrlocDbError) throw ctx.fault(500, 'Database error');
      throw e;
    }
  };
  /** ul.db_*: one count of the table's rows (unexpired and permanent, or expired). */
  const dbCount = (name: string, doc: string, what: keyof LocationCounts, failure: string): RpcMethod => ({
    name,
    doc,
    handler: async (ctx) => {
      if (ul.mode === 0) throw ctx.fault(500, 'Command is not supported in db_mode=0');
      const tableName = str(ctx, 0);
      if (tableName === undefined) throw ctx.fault(500, 'Not enough parameters (table to lookup)');
      try {
        return (await ul.counts(tableName, clock.now()))[what];
      } catch {
        throw ctx.fault(500, failure);
      }
    },
  });
  return [
    {
      name: 'ul.dump',
      doc: 'Dump user location tables.',
      handler: (ctx) => {
        const brief = ctx.params[0] === 'brief';
        const now = clock.now();
        const domains: RpcValue[] = ul.tables().map((t) => {
          const records = t.dump();
          const perSlot = new Map<number, number>();
          for (const r of records) {
            const slot = aorHash(r.aor) % TABLE_SIZE;
            perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
          }
          const aors: RpcValue[] = records.map((r) =>
            brief ? { AoR: r.aor } : { Info: { AoR: r.aor, HashID: aorHash(r.aor), Contacts: r.contacts.map((c) => contactStruct(c, now)) } },
          );
          return { Domain: { Domain: t.name, Size: TABLE_SIZE, AoRs: aors, Stats: { Records: records.length, 'Max-Slots': Math.max(0, ...perSlot.values()) } } };
        });
        return { Domains: domains };
      },
    },
    {
      name: 'ul.lookup',
      doc: 'Dump user location for one AoR.',
      handler: async (ctx) => {
        const aorText = str(ctx, 1);
        if (str(ctx, 0) === undefined || aorText === undefined) throw ctx.fault(500, 'Not enough parameters (table and AOR to lookup)');
        const t = table(ctx);
        const aor = aorOf(aorText);
        const contacts = await ul.contacts(t, aor);
        if (contacts.length === 0) throw ctx.fault(500, 'AOR not found in location table');
        const now = clock.now();
        return { AoR: aor, Contacts: contacts.map((c) => contactStruct(c, now)) };
      },
    },
    {
      name: 'ul.add',
      doc: 'Add a new contact for an address of record.',
      handler: async (ctx) => {
        // table, AOR, contact, expires, q, path, flags, cflags, methods
        const [tableName, aorText, uri] = [str(ctx, 0), str(ctx, 1), str(ctx, 2)];
        const expires = num(ctx, 3);
        const q = num(ctx, 4);
        const flags = num(ctx, 6);
        const cflags = num(ctx, 7);
        const methods = num(ctx, 8);
        if (tableName === undefined || aorText === undefined || uri === undefined || expires === undefined || q === undefined || flags === undefined || cflags === undefined || methods === undefined) {
          throw ctx.fault(500, 'Not enough parameters or wrong format');
        }
        const t = table(ctx);
        const path = str(ctx, 5) ?? '';
        const input: ContactInput = {
          expires: expires === 0 ? 0 : clock.now() + expires * 1000,
          q: q < 0 ? null : q,
          callId: 'dfjrewr12386fd6-343@kamailio.mi',
          cseq: 1,
          userAgent: 'SIP Router MI Server',
          received: null,
          path: path === '' || path === '.' || path === '0' ? null : path,
          cflags,
          methods: methodsFromMask(methods),
          socket: null,
          instance: null,
          regId: 0,
        };
        const aor = aorOf(aorText);
        await change(ctx, t, aor, () => t.add(aor, uri, input));
        return {};
      },
    },
    {
      name: 'ul.rm',
      doc: 'Delete an address of record with all its contacts.',
      handler: async (ctx) => {
        const aorText = str(ctx, 1);
        if (str(ctx, 0) === undefined || aorText === undefined) throw ctx.fault(500, 'Not enough parameters (table and AOR)');
        const t = table(ctx);
        const aor = aorOf(aorText);
        await change(ctx, t, aor, () => t.rm(aor));
        return {};
      },
    },
    {
      name: 'ul.rm_contact',
      doc: 'Delete one contact of an address of record.',
      handler: async (ctx) => {
        const aorText = str(ctx, 1);
        const uri = str(ctx, 2);
        if (str(ctx, 0) === undefined || aorText === undefined || uri === undefined) throw ctx.fault(500, 'Not enough parameters (table, AOR and contact)');
        const t = table(ctx);
        const aor = aorOf(aorText);
        await change(ctx, t, aor, () => {
          if (t.lookup(aor).length === 0 && t.get(aor, uri) === undefined) throw ctx.fault(404, 'AOR not found');
          if (!t.rmContact(aor, uri)) throw ctx.fault(404, 'Contact not found');
        });
        return {};
      },
    },
    {
      name: 'ul.flush',
      doc: 'Flush the usrloc memory cache to DB (db_mode 2; nothing to do otherwise).',
      handler: async () => {
        await ul.flush();
        return {};
      },
    },
    dbCount('ul.db_users', 'Tell number of different unexpired users (AoRs) in database table (db_mode!=0 only)', 'users', 'Failed to query AoR count'),
    dbCount('ul.db_contacts', 'Tell number of unexpired contacts in database table (db_mode=3 only)', 'contacts', 'Failed to query contact count'),
    dbCount('ul.db_expired_contacts', 'Tell number of expired contacts in database table (db_mode=3 only)', 'expired', 'Failed to query contact count'),
  ];
}
