/**
 * registrar: REGISTER processing (RFC 3261 §10.3) on usrloc, and routing to registered
 * contacts. `save(table[, flags])` stores the Contacts of a REGISTER and sends the reply
 * itself (200 with every binding and its remaining expires; 400/500/503 with
 * P-Registrar-Error); returns 1 inserted, 2 updated, 3 deleted, 4 query, -1 error, -2 too many
 * contacts. `lookup(table[, uri])` rewrites the R-URI to the best contact and appends the others
 * as branches; returns 1, -1 no contact, -2 none allows the method, -3 error.
 * `registered(table[, uri])` and `unregister(table, uri)`. With usrloc db_mode 1 and 3 these wait
 * for the database (the engine awaits them); a db_mode 3 save that cannot read or write the
 * location table answers 500, and lookup() then finds no contact (-1), as Kamailio's does.
 */
import type { MessageContext } from '../../cfg/message-context.js';
import { FixupError, type FixupEnv, type PvAccessor, type ScriptFunction } from '../../cfg/script-api.js';
import { toStr } from '../../cfg/script-value.js';
import { parseNameAddrList, parseUri, type NameAddr } from '../../sip/index.js';
import type { ModuleDefinition } from '../module-api.js';
import { SlApi } from '../sl/index.js';
import { Usrloc, UsrlocDbError, type Contact, type LocationTable } from '../usrloc/index.js';

/** Kamailio's registrar errors: status, reason and the P-Registrar-Error text. */
const ERR = {
  TO_USER: [400, 'Bad Request', 'No username in To URI'],
  AOR_PARSE: [400, 'Bad Request', 'Error while parsing AOR'],
  INV_EXP: [400, 'Bad Request', 'Invalid expires param in contact'],
  INV_Q: [400, 'Bad Request', 'Invalid q param in contact'],
  PARSE: [400, 'Bad Request', 'Message parse error'],
  TO_MISS: [400, 'Bad Request', 'To header not found'],
  CID_MISS: [400, 'Bad Request', 'Call-ID header not found'],
  CS_MISS: [400, 'Bad Request', 'CSeq header not found'],
  PARSE_EXP: [400, 'Bad Request', 'Expires parse error'],
  PARSE_CONT: [400, 'Bad Request', 'Contact parse error'],
  STAR_EXP: [400, 'Bad Request', '* used in contact and expires is not zero'],
  STAR_CONT: [400, 'Bad Request', '* used in contact and more than 1 contact'],
  TOO_MANY: [503, 'Service Unavailable', 'Too many registered contacts'],
  CONTACT_LEN: [400, 'Bad Request', 'Contact/received too long'],
  PATH_UNSUP: [420, 'Bad Extension', 'No support for found Path indicated'],
  UL_INS_C: [500, 'Server Internal Error', 'usrloc_contact_insert failed'],
} as const satisfies Record<string, readonly [number, string, string]>;

type ErrKey = keyof typeof ERR;

class SaveError extends Error {
  readonly key: ErrKey;
  constructor(key: ErrKey) {
    super(ERR[key][2]);
    this.key = key;
  }
}

const SAVE_NO_REPLY = 0x02;
const SAVE_REPLACE_ALL = 0x04;

/** q as Kamailio accepts it: 0, 1, 0.x, 1.0 … up to three decimals. */
function parseQ(v: string | null | undefined): number | null {
  if (v === undefined || v === null) return null;
  if (!/^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/.test(v)) throw new SaveError('INV_Q');
  return Number(v);
}

/** path_use_received: the `received` parameter of the first Path URI (a URI, maybe quoted; escapes decoded). */
function receivedOfPath(path: string): string | null {
  let uri;
  try {
    uri = parseNameAddrList(path, 'E_SIP_PARSE_ROUTE')[0]?.uri;
  } catch {
    return null;
  }
  const v = uri === undefined || uri.kind === 'opaque' ? null : (uri.params.get('received') ?? null);
  if (v === null || v === '') return null;
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function formatQ(q: number): string {
  const s = q.toFixed(3).replace(/0+$/, '');
  return s.endsWith('.') ? `${s}0` : s;
}

export const registrarModule: ModuleDefinition = {
  name: 'registrar',
  doc: 'SIP registrar: save and look up contacts in usrloc',
  depends: ['usrloc', 'sl'],
  params: {
    default_expires: { type: 'int', default: 3600, doc: 'expires when the REGISTER gives none' },
    default_expires_range: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    expires_range: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    min_expires: { type: 'int', default: 60, doc: 'lower expires values are raised to this' },
    min_expires_mode: { type: 'int', default: 0, doc: '0 raise to min_expires, 1 reply 423' },
    max_expires: { type: 'int', default: 0, doc: 'higher expires values are lowered to this (0 = no cap)' },
    default_q: { type: 'int', default: -1, doc: 'q in thousandths when a contact gives none (-1 = none)' },
    append_branches: { type: 'int', default: 1, doc: 'lookup adds the other contacts as branches' },
    max_contacts: { type: 'int', default: 0, doc: 'contacts per AOR (0 = no limit)' },
    method_filtering: { type: 'int', default: 0, doc: 'lookup skips contacts whose Allow lacks the method' },
    use_path: { type: 'int', default: 0, doc: 'store Path headers; lookup() sends to their first URI with them as Route' },
    path_mode: { type: 'int', default: 2, doc: '0 never echo Path, 1 echo if Supported: path, 2 strict (420 without Supported: path)' },
    path_use_received: { type: 'int', default: 0, doc: 'store the received parameter of the first Path URI as the contact\'s received (and set nat_bflag)' },
    received_avp: { type: 'str', default: null, doc: 'AVP holding the received URI to store' },
    received_param: { type: 'str', default: 'received', doc: 'name of the received parameter in the reply' },
    gruu_enabled: { type: 'int', default: 1, doc: 'GRUU support (not implemented: instances are stored only)' },
    case_sensitive: { type: 'int', default: 0, doc: 'AOR user part case-sensitive' },
    realm_prefix: { type: 'str', default: null, doc: 'prefix stripped from the domain of the AOR' },
    outbound_mode: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    retry_after: { type: 'int', default: 0, doc: 'Retry-After of 503 replies (0 = none)' },
    xavp_cfg: { type: 'str', default: null, doc: 'accepted for compatibility' },
    xavp_rcd: { type: 'str', default: null, doc: 'accepted for compatibility' },
    sock_flag: { type: 'int', default: -1, doc: 'accepted for compatibility' },
    contact_max_size: { type: 'int', default: 512, doc: 'longest contact URI accepted' },
  },
  stats: [
    { name: 'accepted_regs', kind: 'counter', doc: 'REGISTERs accepted' },
    { name: 'rejected_regs', kind: 'counter', doc: 'REGISTERs rejected' },
  ],
  create(mod) {
    const ulAny = mod.api('usrloc');
    const slAny = mod.api('sl');
    if (!(ulAny instanceof Usrloc)) throw new FixupError('registrar needs the usrloc module');
    if (!(slAny instanceof SlApi)) throw new FixupError('registrar needs the sl module');
    const ul = ulAny;
    const sl = slAny;
    const p = mod.params;
    const defaultExpires = p.int('default_expires');
    const minExpires = p.int('min_expires');
    const maxExpires = p.int('max_expires');
    const defaultQ = p.int('default_q');
    const maxContacts = p.int('max_contacts');
    const appendBranches = p.int('append_branches') !== 0;
    const methodFiltering = p.int('method_filtering') !== 0;
    const usePath = p.int('use_path') !== 0;
    const pathMode = p.int('path_mode');
    const pathUseReceived = p.int('path_use_received') !== 0;
    const caseSensitive = p.int('case_sensitive') !== 0;
    const realmPrefix = p.str('realm_prefix');
    const contactMax = p.int('contact_max_size');
    const receivedParam = p.str('received_param') ?? 'received';
    const receivedAvpSpec = p.str('received_avp');
    let receivedAvp: PvAccessor | null = null;
    const resolveReceived = (env: FixupEnv): void => {
      if (receivedAvpSpec === null || receivedAvp !== null) return;
      try {
        receivedAvp = env.parsePv(receivedAvpSpec);
      } catch (e) {
        throw new FixupError(`registrar: received_avp ${receivedAvpSpec}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };

    /** The AOR of a URI text: user (lower-cased unless case_sensitive) [+ @domain]. */
    const aorOf = (uriText: string): string | null => {
      let u;
      try {
        u = parseUri(uriText);
      } catch {
        return null;
      }
      let user: string | null;
      let host = '';
      if (u.kind === 'sip') {
        user = u.user;
        host = u.host.toLowerCase();
      } else if (u.kind === 'tel') user = u.number;
      else return null;
      if (user === null || user.length === 0) return '';
      if (!caseSensitive) user = user.toLowerCase();
      if (realmPrefix !== null && host.startsWith(realmPrefix)) host = host.slice(realmPrefix.length);
      return ul.useDomain ? `${user}@${host}` : user;
    };

    const bindingsHeader = (table: LocationTable, aor: string): string | null => {
      const now = mod.core.clock.now();
      const list = table.lookup(aor).map((c) => {
        let v = `<${c.uri}>`;
        if (c.q !== null) v += `;q=${formatQ(c.q)}`;
        v += `;expires=${String(c.expires === 0 ? 0 : Math.max(0, Math.round((c.expires - now) / 1000)))}`;
        if (c.received !== null) v += `;${receivedParam}="${c.received}"`;
        if (c.instance !== null) v += `;+sip.instance=${c.instance}`;
        return v;
      });
      return list.length === 0 ? null : list.join(', ');
    };

    const fail = (ctx: MessageContext, key: ErrKey, noReply: boolean): number => {
      const [status, reason, text] = ERR[key];
      mod.stats.inc('registrar', 'rejected_regs');
      if (key === 'PATH_UNSUP') {
        ctx.replyHeaders.push(['Unsupported', 'path']);
        const path = ctx.request?.headerValues('path').join(',') ?? '';
        if (path !== '') ctx.replyHeaders.push(['Path', path]);
      }
      ctx.replyHeaders.push(['P-Registrar-Error', text]);
      if (!noReply) sl.reply(ctx, status, reason);
      return key === 'TOO_MANY' ? -2 : -1;
    };

    const save = async (ctx: MessageContext, table: LocationTable, flags: number): Promise<number> => {
      const noReply = (flags & SAVE_NO_REPLY) !== 0;
      const req = ctx.request;
      if (req === null) return -1;
      try {
        const to = (() => {
          try {
            return req.to;
          } catch {
            throw new SaveError('PARSE');
          }
        })();
        if (to === null) throw new SaveError('TO_MISS');
        const callId = req.header('call-id');
        if (callId === undefined) throw new SaveError('CID_MISS');
        let cseq: number;
        try {
          const c = req.cseq;
          if (c === null) throw new SaveError('CS_MISS');
          cseq = c.seq;
        } catch (e) {
          throw e instanceof SaveError ? e : new SaveError('PARSE');
        }
        const aor = aorOf(to.uri.raw);
        if (aor === null) throw new SaveError('AOR_PARSE');
        if (aor === '' || aor.startsWith('@')) throw new SaveError('TO_USER');
        let headerExpires: number | null;
        try {
          headerExpires = req.expires;
        } catch {
          throw new SaveError('PARSE_EXP');
        }
        let contacts: '*' | readonly NameAddr[] | null;
        try {
          contacts = req.contacts;
        } catch {
          throw req.headerValues('contact').some((v) => v.trim() === '*') ? new SaveError('STAR_CONT') : new SaveError('PARSE_CONT');
        }
        // RFC 3327 §5.3: the path vector, echoed in the 200 when the UA supports it (path_mode).
        const path = usePath && req.hasHeader('path') ? req.headerValues('path').join(',') : null;
        const pathSupported = path !== null && req.headerList('supported').some((o) => o.toLowerCase() === 'path');
        if (path !== null && pathMode === 2 && !pathSupported) throw new SaveError('PATH_UNSUP');
        const echoPath = path !== null && pathMode !== 0 && pathSupported;
        if (contacts === '*' && headerExpires !== 0) throw new SaveError('STAR_EXP');
        // Reads and changes the AOR's bindings in one usrloc operation (db_mode 3: in the DB).
        const apply = (): number => {
          if (contacts === '*') {
            table.rm(aor);
            return 3;
          }
          if (contacts === null || contacts.length === 0) return 4;
          const now = mod.core.clock.now();
          const ua = req.header('user-agent') ?? '';
          const methods = req.hasHeader('allow') ? req.headerList('allow').map((m) => m.toUpperCase()) : null;
          const avpReceived = receivedAvp === null ? null : receivedAvp.get(ctx);
          const pathReceived = path !== null && pathUseReceived ? receivedOfPath(path) : null;
          const received = pathReceived ?? (avpReceived === null ? null : toStr(avpReceived));
          const cflags = pathReceived !== null && ul.natBflag >= 0 ? ctx.bflags | (1 << ul.natBflag) : ctx.bflags;
          // Work out every change first, so that an error leaves the table untouched.
          const plan: { uri: string; expires: number; q: number | null; instance: string | null; regId: number }[] = [];
          for (const c of contacts) {
            const e = c.params.get('expires');
            let expires: number;
            if (e !== undefined) {
              if (e === null || !/^[0-9]{1,10}$/.test(e)) throw new SaveError('INV_EXP');
              expires = Number(e);
            } else expires = headerExpires ?? defaultExpires;
            if (expires !== 0) {
              if (expires < minExpires) expires = minExpires;
              if (maxExpires > 0 && expires > maxExpires) expires = maxExpires;
            }
            const q = parseQ(c.params.get('q')) ?? (defaultQ >= 0 ? defaultQ / 1000 : null);
            if (c.uri.raw.length > contactMax) throw new SaveError('CONTACT_LEN');
            plan.push({ uri: c.uri.raw, expires, q, instance: c.params.get('+sip.instance') ?? null, regId: Number(c.params.get('reg-id') ?? 0) || 0 });
          }
          const replaceAll = (flags & SAVE_REPLACE_ALL) !== 0;
          const existing = new Set(table.lookup(aor).map((c) => c.uri));
          const after = new Set(replaceAll ? [] : existing);
          for (const pl of plan) {
            if (pl.expires === 0) after.delete(pl.uri);
            else after.add(pl.uri);
          }
          if (maxContacts > 0 && after.size > maxContacts) throw new SaveError('TOO_MANY');
          let inserted = 0;
          let updated = 0;
          let deleted = 0;
          if (replaceAll) {
            for (const uri of existing) if (!plan.some((pl) => pl.uri === uri && pl.expires !== 0)) deleted += table.rmContact(aor, uri) ? 1 : 0;
          }
          for (const pl of plan) {
            const old = table.get(aor, pl.uri);
            const live = old !== undefined && existing.has(pl.uri);
            if (live && old.callId === callId && old.cseq >= cseq) continue; // retransmission or out of order
            if (pl.expires === 0) {
              if (table.rmContact(aor, pl.uri)) deleted++;
              continue;
            }
            table.add(aor, pl.uri, {
              expires: now + pl.expires * 1000,
              q: pl.q,
              callId,
              cseq,
              userAgent: ua,
              received,
              path,
              cflags,
              methods,
              socket: ctx.rcv.listenerId,
              instance: pl.instance,
              regId: pl.regId,
            });
            if (live) updated++;
            else inserted++;
          }
          return inserted > 0 ? 1 : updated > 0 ? 2 : deleted > 0 ? 3 : 2;
        };
        let code: number;
        let bindings: string | null;
        try {
          [code, bindings] = await ul.change(table, aor, () => [apply(), bindingsHeader(table, aor)] as const);
        } catch (e) {
          throw e instanceof UsrlocDbError ? new SaveError('UL_INS_C') : e;
        }
        mod.stats.inc('registrar', 'accepted_regs');
        if (!noReply) {
          const headers: [string, string][] = bindings === null ? [] : [['Contact', bindings]];
          if (echoPath) headers.push(['Path', path]);
          sl.reply(ctx, 200, 'OK', headers);
        }
        return code;
      } catch (e) {
        if (e instanceof SaveError) return fail(ctx, e.key, noReply);
        throw e;
      }
    };

    /** lookup(): -3 when the R-URI has no AOR, else routes to its contacts (read from the DB in db_mode 3). */
    const lookup = (ctx: MessageContext, table: LocationTable, uriText: string | null): number | Promise<number> => {
      const req = ctx.request;
      if (req === null) return -3;
      const aor = aorOf(uriText ?? req.requestUriText);
      if (aor === null) return -3;
      if (aor === '') return -1;
      const found = ul.contacts(table, aor);
      return Array.isArray(found) ? route(ctx, found) : found.then((all) => route(ctx, all));
    };

    const route = (ctx: MessageContext, all: readonly Contact[]): number => {
      const req = ctx.request;
      if (req === null) return -3;
      if (all.length === 0) return -1;
      let hasToTag = false;
      try {
        hasToTag = (req.to?.tag ?? '').length > 0;
      } catch {
        hasToTag = false;
      }
      const method = req.method.toUpperCase();
      const usable = methodFiltering && !hasToTag ? all.filter((c) => c.methods === null || c.methods.includes(method)) : all;
      if (usable.length === 0) return -2;
      const [first, ...rest] = usable as [Contact, ...Contact[]];
      try {
        req.setRequestUri(first.uri);
      } catch {
        return -3;
      }
      const hop = (c: Contact): string | null => {
        if (c.path !== null) {
          try {
            return parseNameAddrList(c.path, 'E_SIP_PARSE_ROUTE')[0]?.uri.raw ?? null;
          } catch {
            return null;
          }
        }
        return c.received;
      };
      ctx.dstUri = hop(first);
      ctx.path = first.path;
      ctx.ruriQ = first.q;
      ctx.bflags |= first.cflags;
      if (first.socket !== null) ctx.forceSocket = first.socket;
      if (appendBranches) {
        for (const c of rest) ctx.branches.push({ uri: c.uri, dstUri: hop(c), q: c.q, flags: c.cflags, path: c.path, socket: c.socket });
      }
      return 1;
    };

    const tableArg = (name: string): LocationTable => {
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new FixupError(`"${name}" is not a usrloc table name`, 0);
      return ul.domain(name);
    };

    const functions: ScriptFunction[] = [
      {
        name: 'save',
        args: ['str', 'int-pv', 'fmt'],
        minArgs: 1,
        routes: ['request', 'onreply'],
        fixup(args, env) {
          const table = tableArg(args.str(0));
          const flags = args.has(1) ? args.intArg(1) : null;
          resolveReceived(env);
          return (ctx) => save(ctx, table, flags === null ? 0 : flags.eval(ctx));
        },
      },
      {
        name: 'lookup',
        args: ['str', 'fmt'],
        minArgs: 1,
        routes: ['request', 'failure'],
        fixup(args) {
          const table = tableArg(args.str(0));
          const uri = args.has(1) ? args.fmt(1) : null;
          return (ctx) => lookup(ctx, table, uri === null ? null : uri.eval(ctx));
        },
      },
      {
        name: 'registered',
        args: ['str', 'fmt', 'int', 'int'],
        minArgs: 1,
        fixup(args) {
          const table = tableArg(args.str(0));
          const uri = args.has(1) ? args.fmt(1) : null;
          return (ctx) => {
            const aor = aorOf(uri === null ? (ctx.request?.requestUriText ?? '') : uri.eval(ctx));
            if (aor === null || aor === '') return -1;
            const found = ul.contacts(table, aor);
            return Array.isArray(found) ? (found.length > 0 ? 1 : -1) : found.then((c) => (c.length > 0 ? 1 : -1));
          };
        },
      },
      {
        name: 'unregister',
        args: ['str', 'fmt', 'fmt'],
        minArgs: 2,
        fixup(args) {
          const table = tableArg(args.str(0));
          const uri = args.fmt(1);
          const ruid = args.has(2) ? args.fmt(2) : null;
          return async (ctx) => {
            const aor = aorOf(uri.eval(ctx));
            if (aor === null || aor === '') return -1;
            const id = ruid === null ? null : ruid.eval(ctx);
            const remove = (): boolean => {
              if (id === null) return table.rm(aor);
              const c = table.lookup(aor).find((x) => x.ruid === id);
              return c !== undefined && table.rmContact(aor, c.uri);
            };
            try {
              return (await ul.change(table, aor, remove)) ? 1 : -1;
            } catch (e) {
              if (e instanceof UsrlocDbError) return -1;
              throw e;
            }
          };
        },
      },
    ];
    return { functions };
  },
};
