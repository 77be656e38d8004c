/**
 * sl: stateless replies. `sl_send_reply(code, reason)`, `send_reply(code, reason)` (stateful
 * when a transaction module has registered a replier and a transaction exists, else
 * stateless), and `sl_reply_error()`, whose reply derives from the error of the action before
 * it. Other modules (registrar) reply through SlApi.
 */
import { SER_ERRORS, type MessageContext } from '../../cfg/message-context.js';
import { FixupError, type FixupArgs, type ScriptFunction } from '../../cfg/script-api.js';
import { buildReply, replyDestination } from '../../cfg/stateless.js';
import { statelessToTag } from '../../sip/index.js';
import type { RpcMethod } from '../../rpc/rpc-method.js';
import type { StatsRegistry } from '../stats-registry.js';
import type { ModuleDefinition, ModuleLogger, StatDef } from '../module-api.js';

/** A stateful replier a transaction module registers: returns the code, or null when there is no transaction. */
export type StatefulReplier = (ctx: MessageContext, code: number, reason: string) => number | null;

/** Kamailio's error → reply mapping (error.c err2reason_phrase). */
function errorReply(err: number): { status: number; phrase: string } {
  switch (err) {
    case SER_ERRORS.E_SEND:
      return { status: 477, phrase: 'Unfortunately error on sending to next hop occurred' };
    case SER_ERRORS.E_BAD_ADDRESS:
      return { status: 478, phrase: 'Unresolvable destination' };
    case SER_ERRORS.E_BAD_REQ:
      return { status: 400, phrase: 'Bad Request' };
    case SER_ERRORS.E_BAD_TO:
      return { status: 400, phrase: 'Bad To header' };
    case SER_ERRORS.E_Q_INV_CHAR:
    case SER_ERRORS.E_Q_EMPTY:
    case SER_ERRORS.E_Q_TOO_BIG:
    case SER_ERRORS.E_Q_DEC_MISSING:
      return { status: 400, phrase: 'Invalid q value' };
    case SER_ERRORS.E_TOO_MANY_BRANCHES:
      return { status: 500, phrase: 'Forking capacity exceeded' };
    case SER_ERRORS.E_OUT_OF_MEM:
      return { status: 500, phrase: 'Excuse me I ran out of memory' };
    case SER_ERRORS.E_NO_DESTINATION:
      return { status: 500, phrase: 'No destination available' };
    case SER_ERRORS.E_ADM_PROHIBITED:
      return { status: 510, phrase: 'Administratively prohibited' };
    case SER_ERRORS.E_BLACKLISTED:
      return { status: 403, phrase: 'Destination is blacklisted' };
    case SER_ERRORS.E_BAD_PROTO:
      return { status: 480, phrase: 'Transport protocol not supported' };
    default:
      return { status: 500, phrase: "I'm terribly sorry, server error occurred" };
  }
}

const REPLY_STATS = ['1xx', '200', '202', '2xx', '300', '301', '302', '3xx', '400', '401', '403', '404', '407', '408', '483', '4xx', '500', '5xx', '6xx'];

const STATS: StatDef[] = [
  ...REPLY_STATS.map((c): StatDef => ({ name: `${c}_replies`, kind: 'counter', doc: `stateless ${c} replies sent` })),
  { name: 'sent_replies', kind: 'counter', doc: 'stateless replies sent' },
  { name: 'sent_err_replies', kind: 'counter', doc: 'stateless error replies (sl_reply_error) sent' },
  { name: 'failures', kind: 'counter', doc: 'stateless replies that could not be sent' },
  { name: 'received_ACKs', kind: 'counter', doc: 'ACKs to stateless replies absorbed' },
];

/** The members of Kamailio's sl.stats reply, in its order. */
const SL_STATS_KEYS = [...REPLY_STATS.filter((c) => c !== '1xx'), 'xxx'];

/** How long an ACK to a stateless reply is absorbed after the last one sent (Kamailio: 2 s). */
const ACK_WINDOW_MS = 2000;

export class SlApi {
  readonly #stats: StatsRegistry;
  readonly #logger: ModuleLogger;
  #stateful: StatefulReplier | null = null;
  #lastReplyAt = -Infinity;

  constructor(stats: StatsRegistry, logger: ModuleLogger) {
    this.#stats = stats;
    this.#logger = logger;
  }

  /** A transaction module makes send_reply stateful through this. */
  setStatefulReplier(fn: StatefulReplier): void {
    this.#stateful = fn;
  }

  #count(status: number): void {
    const exact = `${String(status)}_replies`;
    const cls = `${String(Math.floor(status / 100))}xx_replies`;
    if (this.#stats.get('sl', exact) !== undefined && status !== 100) this.#stats.inc('sl', exact);
    else this.#stats.inc('sl', cls);
    this.#stats.inc('sl', 'sent_replies');
  }

  /** Sends a stateless reply to the request of `ctx`; 1 sent, -1 not (a reply, an ACK, a send error). */
  reply(ctx: MessageContext, status: number, reason: string, extra: readonly (readonly [string, string])[] = [], body?: { type: string; content: string }): number {
    const req = ctx.request;
    if (req === null || req.method === 'ACK') return -1;
    if (!Number.isInteger(status) || status < 100 || status > 699) return -1;
    try {
      const reply = buildReply(ctx, status, reason, extra, body);
      ctx.core.sendReply(reply, replyDestination(ctx));
    } catch (e) {
      this.#stats.inc('sl', 'failures');
      this.#logger.log(-1, `cannot send the stateless reply ${String(status)}: ${e instanceof Error ? e.message : String(e)}`);
      return -1;
    }
    ctx.repliesSent++;
    ctx.lastReplyStatus = status;
    this.#lastReplyAt = ctx.core.clock.now();
    this.#count(status);
    return 1;
  }

  /** send_reply: through the transaction when there is one, else stateless. */
  sendReply(ctx: MessageContext, status: number, reason: string): number {
    const viaTm = this.#stateful?.(ctx, status, reason) ?? null;
    return viaTm ?? this.reply(ctx, status, reason);
  }

  /** sl_reply_error: a reply derived from the error the previous action left. */
  replyError(ctx: MessageContext, error: number): number {
    const { status, phrase } = errorReply(error);
    const code = error < 0 ? -error : 1;
    this.#logger.log(-1, `stateless error reply used: ${phrase} (${String(code)}/SL)`);
    const r = this.reply(ctx, status, `${phrase} (${String(code)}/SL)`);
    if (r > 0) this.#stats.inc('sl', 'sent_err_replies');
    return r;
  }

  /**
   * Whether a received ACK answers one of our stateless replies (its To-tag is ours) within the
   * absorption window; such ACKs are consumed before the script runs.
   */
  absorbsAck(ctx: MessageContext): boolean {
    const req = ctx.request;
    if (req?.method !== 'ACK') return false;
    let tag: string | null = null;
    try {
      tag = req.to?.tag ?? null;
    } catch {
      return false;
    }
    if (tag === null || ctx.core.clock.now() - this.#lastReplyAt > ACK_WINDOW_MS) return false;
    const ours = statelessToTag(req, ctx.core.listeners()).split('.')[0] ?? '';
    if (!tag.startsWith(`${ours}.`)) return false;
    this.#stats.inc('sl', 'received_ACKs');
    return true;
  }
}

function codeArg(args: FixupArgs, fn: string): { eval(ctx: MessageContext): number } {
  const a = args.intArg(0);
  if (a.constant !== null && (a.constant < 100 || a.constant > 699)) throw new FixupError(`${fn}(): reply code ${String(a.constant)} is not in 100..699`, 0);
  return a;
}

export const slModule: ModuleDefinition = {
  name: 'sl',
  doc: 'stateless replies',
  params: {
    default_code: { type: 'int', default: 500, doc: 'code of sl_send_reply when it cannot be determined' },
    default_reason: { type: 'str', default: 'Internal Server Error', doc: 'reason for default_code' },
    bind_tm: { type: 'int', default: 1, doc: 'send_reply uses tm when a transaction exists' },
  },
  stats: STATS,
  create(ctx) {
    const api = new SlApi(ctx.stats, ctx.logger);
    const REQ = ['request', 'failure', 'branch'] as const;
    const functions: ScriptFunction[] = [
      {
        name: 'sl_send_reply',
        args: ['int-pv', 'fmt'],
        routes: [...REQ],
        fixup(args) {
          const code = codeArg(args, 'sl_send_reply');
          const reason = args.fmt(1);
          return (m) => api.reply(m, code.eval(m), reason.eval(m));
        },
      },
      {
        name: 'send_reply',
        args: ['int-pv', 'fmt'],
        routes: [...REQ],
        fixup(args) {
          const code = codeArg(args, 'send_reply');
          const reason = args.fmt(1);
          return (m) => api.sendReply(m, code.eval(m), reason.eval(m));
        },
      },
      {
        name: 'sl_reply_error',
        args: [],
        routes: [...REQ],
        fixup: () => (m) => api.replyError(m, m.prevError),
      },
    ];
    // sl.stats: the reply counters by code, as Kamailio names them (200, 2xx, …, xxx).
    const rpc: RpcMethod[] = [
      {
        name: 'sl.stats',
        doc: 'Print reply statistics.',
        handler: () => Object.fromEntries(SL_STATS_KEYS.map((k) => [k, ctx.stats.get('sl', `${k}_replies`)?.value ?? 0])),
      },
    ];
    return { functions, api, rpc };
  },
};
