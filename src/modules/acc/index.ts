/**
 * acc: transaction accounting as Kamailio's acc module does it for the stock kamailio.cfg.
 * A transaction whose request carried `log_flag` / `db_flag` (the flags tm stored at t_relay)
 * is accounted when its first final reply goes upstream — a 2xx always, 300 and above only
 * with `failed_transaction_flag`. An INVITE answered 300 or above with `log_missed_flag` /
 * `db_missed_flag` is also a missed call. Syslog records are NOTICE lines
 * `ACC: transaction answered: timestamp=…;method=…;from_tag=…;to_tag=…;call_id=…;code=…;reason=…`
 * plus the `log_extra` pairs; database records are rows of `acc` / `missed_calls` with the
 * standard columns and the `db_extra` columns. Extras are read from the request with the
 * Request-URI of the branch that answered. CANCEL is accounted only with `report_cancels`.
 *
 * acc registers tm's callbacks (tm-callbacks.ts) for every transaction: "response out" makes
 * the records above; "on failure" (an INVITE whose branches all failed, before failure_route)
 * makes the missed-call records for the best reply and clears the missed flags failure_route
 * starts with — so a reply failure_route sends with t_reply is a missed call again, and one
 * relayed after it only when failure_route set the flag again (what Kamailio 5.6 does).
 * `acc_log_request(comment)` / `acc_db_request(comment, table)` account the current request
 * at once ("request accounted"). A database error is logged and counted (acc:db_failures);
 * the call goes on.
 */
import type { Knex } from 'knex';
import type { CompiledScript } from '../../cfg/compiler.js';
import { MessageContext, type WorkerState } from '../../cfg/message-context.js';
import { FixupError, type PvAccessor, type ScriptFunction } from '../../cfg/script-api.js';
import type { ScriptValue } from '../../cfg/script-value.js';
import { connect } from '../../db/connect.js';
import { parseDbUrl } from '../../db/db-url.js';
import { insertAccRecord, type AccRecord } from '../../db/repos/acc.js';
import { describeDb, type DbSettings } from '../../db/settings.js';
import { AppError } from '../../errors.js';
import type { SipRequest, SipResponse } from '../../sip/index.js';
import type { ProxyCore, ProxyTransaction } from '../../sip/proxy/index.js';
import type { ModuleDefinition } from '../module-api.js';
import { TmApi, type FailureEvent, type ResponseOutEvent } from '../tm/index.js';
import { parseExtra, type ExtraSpec } from './acc-extra.js';

/** What is accounted for one final reply. */
export interface AccDecision {
  readonly answered: boolean;
  readonly missed: boolean;
}

/** The flags of one output (syslog or database); -1 for unset. */
export interface AccFlags {
  readonly flag: number;
  readonly missedFlag: number;
  readonly failedFlag: number;
}

const isSet = (flags: number, n: number): boolean => n >= 0 && n <= 31 && (flags & (1 << n)) !== 0;

/** Whether a transaction with message flags `flags` and final status `status` makes records. */
export function accDecision(f: AccFlags, flags: number, method: string, status: number): AccDecision {
  return {
    answered: isSet(flags, f.flag) && (status < 300 || isSet(flags, f.failedFlag)),
    missed: method === 'INVITE' && status >= 300 && isSet(flags, f.missedFlag),
  };
}

/** The standard part of a record, in Kamailio's order. */
export interface AccCore {
  readonly method: string;
  readonly fromTag: string;
  readonly toTag: string;
  readonly callId: string;
  /** '' for an acc_*_request comment without a leading status code. */
  readonly code: number | '';
  readonly reason: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
}

/** The kinds of records: a transaction's final reply, a missed call, acc_*_request. */
export type AccKind = 'answered' | 'missed' | 'request';

const KIND_TEXT: Readonly<Record<AccKind, string>> = { answered: 'transaction answered', missed: 'call missed', request: 'request accounted' };

/** The syslog line (without the level prefix). */
export function accLogLine(kind: AccKind, c: AccCore, extras: readonly (readonly [string, string])[]): string {
  const pairs: (readonly [string, string])[] = [
    ['timestamp', String(Math.floor(c.time / 1000))],
    ['method', c.method],
    ['from_tag', c.fromTag],
    ['to_tag', c.toTag],
    ['call_id', c.callId],
    ['code', String(c.code)],
    ['reason', c.reason],
    ...extras,
  ];
  return `ACC: ${KIND_TEXT[kind]}: ${pairs.map(([k, v]) => `${k}=${v}`).join(';')}`;
}

/** Column names of the standard part (Kamailio's acc_*_column parameters). */
export interface AccColumns {
  readonly method: string;
  readonly fromTag: string;
  readonly toTag: string;
  readonly callId: string;
  readonly code: string;
  readonly reason: string;
  readonly time: string;
}

/** The database row without its time column: standard columns, then the extras. */
export function accRow(cols: Omit<AccColumns, 'time'>, c: AccCore, extras: readonly (readonly [string, string])[]): AccRecord {
  const row: Record<string, string> = {
    [cols.method]: c.method,
    [cols.fromTag]: c.fromTag,
    [cols.toTag]: c.toTag,
    [cols.callId]: c.callId,
    [cols.code]: String(c.code),
    [cols.reason]: c.reason,
  };
  for (const [k, v] of extras) row[k] = v;
  return row;
}

const valueText = (v: ScriptValue): string => (v === null ? '' : String(v));

/** The code and reason of an acc_*_request comment: "403 Forbidden", or just a reason. */
export function commentStatus(comment: string): { code: number | ''; reason: string } {
  const m = /^(\d{3})(?:\s+|$)/.exec(comment);
  return m === null ? { code: '', reason: comment } : { code: Number(m[1]), reason: comment.slice(m[0].length) };
}

/** The branch that produced `res` (a relayed reply, or one decided locally for the branch). */
function answeringRequest(tx: ProxyTransaction, res: SipResponse): SipRequest {
  const branches = tx.branches;
  const byReply = branches.find((b) => b.response === res);
  const byStatus = byReply ?? [...branches].reverse().find((b) => b.status === res.status);
  return byStatus?.request ?? tx.request;
}

/**
 * acc's part of the daemon's start: the extras are pseudo-variables of the compiled script,
 * read with the worker's state; acc does not use the proxy core itself (tm's callbacks tell
 * it what it needs).
 */
export class AccApi {
  readonly #attach: (script: CompiledScript, worker: WorkerState) => void;

  constructor(attach: (script: CompiledScript, worker: WorkerState) => void) {
    this.#attach = attach;
  }

  /** Called by the daemon once the proxy core and the script exist. */
  attachProxy(_proxy: ProxyCore, script: CompiledScript, worker: WorkerState): void {
    this.#attach(script, worker);
  }
}

const flagParam = (doc: string) => ({ type: 'int' as const, default: null, doc });
const column = (name: string) => ({ type: 'str' as const, default: name, doc: `column of the ${name} value` });

export const accModule: ModuleDefinition = {
  name: 'acc',
  doc: 'transaction accounting to the log and to the acc / missed_calls tables',
  depends: ['tm'],
  params: {
    early_media: { type: 'int', default: 0, doc: 'account 1xx with a body (not supported: must stay 0)' },
    report_ack: { type: 'int', default: 0, doc: 'account end-to-end ACKs (not supported: must stay 0)' },
    report_cancels: { type: 'int', default: 0, doc: 'account CANCEL transactions too' },
    detect_direction: { type: 'int', default: 0, doc: 'swap From/To for upstream requests (not supported: must stay 0)' },
    log_flag: flagParam('message flag: log the transaction'),
    log_missed_flag: flagParam('message flag: log an INVITE answered 300 or above as a missed call'),
    log_level: { type: 'int', default: 1, doc: 'level of the syslog records (1 NOTICE)' },
    log_facility: { type: 'str', default: 'LOG_DAEMON', doc: 'syslog facility of the records (sipd logs them with its own lines)' },
    log_extra: { type: 'str', default: '', doc: 'extra name=$pv pairs of syslog records' },
    failed_transaction_flag: flagParam('message flag: also account transactions answered 300 or above'),
    db_flag: flagParam('message flag: write the transaction into the acc table'),
    db_missed_flag: flagParam('message flag: write a missed INVITE into the missed_calls table'),
    db_url: { type: 'str', default: null, doc: 'database of the accounting tables (no database accounting without it)' },
    db_extra: { type: 'str', default: '', doc: 'extra column=$pv pairs of database records' },
    db_table_acc: { type: 'str', default: 'acc', doc: 'table of accounted transactions' },
    db_table_missed_calls: { type: 'str', default: 'missed_calls', doc: 'table of missed calls' },
    acc_method_column: column('method'),
    acc_from_tag_column: column('from_tag'),
    acc_to_tag_column: column('to_tag'),
    acc_callid_column: column('callid'),
    acc_sip_code_column: column('sip_code'),
    acc_sip_reason_column: column('sip_reason'),
    acc_time_column: column('time'),
    time_mode: { type: 'int', default: 0, doc: 'how time is stored (only 0: the time column)' },
  },
  stats: [{ name: 'db_failures', kind: 'counter', doc: 'accounting rows that could not be written' }],
  create(mod) {
    const p = mod.params;
    for (const name of ['early_media', 'report_ack', 'detect_direction', 'time_mode']) {
      if (p.int(name) !== 0) throw new FixupError(`acc: modparam "${name}" ${String(p.int(name))} is not supported (only 0)`);
    }
    const flag = (name: string): number => {
      const v = p.get(name);
      if (v === null) return -1;
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 31) throw new FixupError(`acc: modparam "${name}": ${String(v)} is not a flag (0..31)`);
      return n;
    };
    const failedFlag = flag('failed_transaction_flag');
    const logFlags: AccFlags = { flag: flag('log_flag'), missedFlag: flag('log_missed_flag'), failedFlag };
    const dbFlags: AccFlags = { flag: flag('db_flag'), missedFlag: flag('db_missed_flag'), failedFlag };
    const reportCancels = p.int('report_cancels') !== 0;
    const logLevel = p.int('log_level');
    const logExtraSpecs = parseExtra('log_extra', p.str('log_extra') ?? '');
    const dbExtraSpecs = parseExtra('db_extra', p.str('db_extra') ?? '');
    const dbUrl = p.str('db_url');
    let settings: DbSettings | null = null;
    if (dbUrl !== null && dbUrl !== '') {
      try {
        settings = parseDbUrl(dbUrl);
      } catch (e) {
        throw new FixupError(`acc: modparam "db_url": ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const useDb = settings !== null && (dbFlags.flag >= 0 || dbFlags.missedFlag >= 0);
    const useLog = logFlags.flag >= 0 || logFlags.missedFlag >= 0;
    const tables = { answered: p.str('db_table_acc') ?? 'acc', missed: p.str('db_table_missed_calls') ?? 'missed_calls' };
    const columns: AccColumns = {
      method: p.str('acc_method_column') ?? 'method',
      fromTag: p.str('acc_from_tag_column') ?? 'from_tag',
      toTag: p.str('acc_to_tag_column') ?? 'to_tag',
      callId: p.str('acc_callid_column') ?? 'callid',
      code: p.str('acc_sip_code_column') ?? 'sip_code',
      reason: p.str('acc_sip_reason_column') ?? 'sip_reason',
      time: p.str('acc_time_column') ?? 'time',
    };

    let db: Knex | null = null;
    const pending = new Set<Promise<void>>();
    let logExtras: { name: string; pv: PvAccessor }[] = [];
    let dbExtras: { name: string; pv: PvAccessor }[] = [];
    let worker: WorkerState | null = null;

    const resolve = (script: CompiledScript, specs: readonly ExtraSpec[], param: string) =>
      specs.map((s) => {
        try {
          return { name: s.name, pv: script.parsePv(s.pv) };
        } catch (e) {
          throw new FixupError(`acc: ${param}: ${s.pv}: ${e instanceof Error ? e.message : String(e)}`);
        }
      });

    const write = (table: string, row: AccRecord, time: number): void => {
      const open = db;
      if (open === null) {
        mod.stats.inc('acc', 'db_failures');
        mod.logger.log(-1, `cannot write an accounting row into ${table}: the database connection is not open`);
        return;
      }
      const job = insertAccRecord(open, table, row, columns.time, time).catch((e: unknown) => {
        mod.stats.inc('acc', 'db_failures');
        mod.logger.log(-1, `cannot write an accounting row into ${table} (${settings === null ? '' : describeDb(settings)}): ${e instanceof Error ? e.message : String(e)}`);
      });
      pending.add(job);
      void job.finally(() => pending.delete(job));
    };

    const core = (req: SipRequest, toTag: string, code: number | '', reason: string): AccCore => ({
      method: req.method,
      fromTag: req.from?.tag ?? '',
      toTag,
      callId: req.callId ?? '',
      code,
      reason,
      time: mod.core.clock.now(),
    });
    const extras = (ctx: MessageContext | null, list: readonly { name: string; pv: PvAccessor }[]): [string, string][] =>
      ctx === null ? [] : list.map((e) => [e.name, valueText(e.pv.get(ctx))]);
    const replyContext = (tx: ProxyTransaction, res: SipResponse): MessageContext | null =>
      worker === null ? null : new MessageContext(answeringRequest(tx, res), tx.info, mod.core, worker);

    /** Records for a reply of `tx`; `kinds` in Kamailio's order (a missed call first). */
    const record = (tx: ProxyTransaction, res: SipResponse, log: readonly AccKind[], dbKinds: readonly AccKind[]): void => {
      if (log.length === 0 && dbKinds.length === 0) return;
      const c = core(tx.request, res.to?.tag ?? '', res.status, res.reason);
      const ctx = replyContext(tx, res);
      if (log.length > 0) {
        const ex = extras(ctx, logExtras);
        for (const kind of log) mod.logger.log(logLevel, accLogLine(kind, c, ex));
      }
      if (dbKinds.length > 0) {
        const row = accRow(columns, c, extras(ctx, dbExtras));
        for (const kind of dbKinds) write(kind === 'missed' ? tables.missed : tables.answered, row, c.time);
      }
    };
    const kinds = (d: AccDecision): AccKind[] => [...(d.missed ? (['missed'] as const) : []), ...(d.answered ? (['answered'] as const) : [])];
    const NONE: AccDecision = { answered: false, missed: false };

    /** The first final reply of the transaction went upstream. */
    const responseOut = (e: ResponseOutEvent): void => {
      const req = e.tx.request;
      if (req.method === 'CANCEL' && !reportCancels) return;
      const status = e.response.status;
      const log = useLog ? accDecision(logFlags, e.flags, req.method, status) : NONE;
      const dbd = useDb ? accDecision(dbFlags, e.flags, req.method, status) : NONE;
      record(e.tx, e.response, kinds(log), kinds(dbd));
    };

    /** Every branch of an INVITE failed: missed-call records for the best reply, and their flags cleared. */
    const failure = (e: FailureEvent): void => {
      const status = e.reply.status;
      const log = useLog && accDecision(logFlags, e.flags, 'INVITE', status).missed;
      const dbm = useDb && accDecision(dbFlags, e.flags, 'INVITE', status).missed;
      record(e.tx, e.reply, log ? ['missed'] : [], dbm ? ['missed'] : []);
      const clear = (log ? 1 << logFlags.missedFlag : 0) | (dbm ? 1 << dbFlags.missedFlag : 0);
      e.flags &= ~clear;
    };

    const tmAny = mod.api('tm');
    if (!(tmAny instanceof TmApi)) throw new FixupError('acc needs the tm module (loadmodule "tm.so")');
    const tm = tmAny;
    if (useLog || useDb) {
      tm.onRequestIn((tx) => {
        tm.onResponseOut(tx, responseOut);
        if (tx.isInvite && ((useLog && logFlags.missedFlag >= 0) || (useDb && dbFlags.missedFlag >= 0))) tm.onFailure(tx, failure);
      });
    }

    /** acc_log_request / acc_db_request: the request of `ctx` with the comment's code and reason. */
    const requestRecord = (ctx: MessageContext, comment: string): { c: AccCore; req: SipRequest } | null => {
      const req = ctx.request;
      if (req === null) return null;
      const { code, reason } = commentStatus(comment);
      return { c: core(req, req.to?.tag ?? '', code, reason), req };
    };
    const functions: ScriptFunction[] = [
      {
        name: 'acc_log_request',
        args: ['fmt'],
        routes: ['request', 'failure', 'branch'],
        fixup(args) {
          const comment = args.fmt(0);
          return (ctx) => {
            const r = requestRecord(ctx, comment.eval(ctx));
            if (r === null) return -1;
            mod.logger.log(logLevel, accLogLine('request', r.c, extras(ctx, logExtras)));
            return 1;
          };
        },
      },
      {
        name: 'acc_db_request',
        args: ['fmt', 'str'],
        routes: ['request', 'failure', 'branch'],
        fixup(args) {
          const comment = args.fmt(0);
          const table = args.str(1);
          if (table === '') throw new FixupError('acc_db_request(): the table name is empty', 1);
          return (ctx) => {
            if (settings === null) {
              mod.logger.log(-1, 'acc_db_request: acc has no db_url');
              return -1;
            }
            const r = requestRecord(ctx, comment.eval(ctx));
            if (r === null) return -1;
            write(table, accRow(columns, r.c, extras(ctx, dbExtras)), r.c.time);
            return 1;
          };
        },
      },
    ];

    const api = new AccApi((script, w) => {
      worker = w;
      logExtras = resolve(script, logExtraSpecs, 'log_extra');
      dbExtras = resolve(script, dbExtraSpecs, 'db_extra');
    });

    return {
      api,
      functions,
      async init() {
        // Also without db flags: acc_db_request writes over the same connection.
        if (settings === null) return;
        try {
          db = await connect(settings, 'rw', { poolSize: 1 });
        } catch (e) {
          const err = e instanceof AppError ? e : new AppError('E_DB_CONNECT', e instanceof Error ? e.message : String(e));
          throw new AppError(err.code, `acc: modparam "db_url": ${err.message}`, { cause: e });
        }
      },
      async stop() {
        await Promise.all([...pending]);
        const open = db;
        db = null;
        await open?.destroy();
      },
    };
  },
};
