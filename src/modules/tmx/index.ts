/**
 * tmx: tm extras the stock kamailio.cfg uses — `t_precheck_trans()` (is the same request
 * still being handled?), the route-kind tests (`t_is_branch_route()` …), the `$T_*`
 * pseudo-variables (with `$T_req(pv)` and `$T_rpl(pv)`), and the `tmx:*` statistics read from tm.
 */
import { MessageContext } from '../../cfg/message-context.js';
import { FixupError, type PvDefinition, type ScriptFunction } from '../../cfg/script-api.js';
import type { SipRequest } from '../../sip/index.js';
import type { ModuleDefinition, StatDef } from '../module-api.js';
import { TmApi, tmStats, type TmStats } from '../tm/index.js';

const STATS: readonly [string, string, (s: TmStats) => number][] = [
  ['2xx_transactions', 'transactions answered 2xx', (s) => s['2xx']],
  ['3xx_transactions', 'transactions answered 3xx', (s) => s['3xx']],
  ['4xx_transactions', 'transactions answered 4xx', (s) => s['4xx']],
  ['5xx_transactions', 'transactions answered 5xx', (s) => s['5xx']],
  ['6xx_transactions', 'transactions answered 6xx', (s) => s['6xx']],
  ['UAC_transactions', 'transactions started locally', (s) => s.total_local],
  ['UAS_transactions', 'transactions made for received requests', (s) => s.total - s.total_local],
  ['active_transactions', 'transactions in memory', (s) => s.current],
  ['inuse_transactions', 'transactions not yet finished', (s) => s.current - s.waiting],
  ['rpl_absorbed', 'retransmissions absorbed', (s) => s.absorbed],
  ['rpl_generated', 'replies made locally', (s) => s.rpl_generated],
  ['rpl_received', 'replies received', (s) => s.rpl_received],
  ['rpl_relayed', 'replies relayed', (s) => Math.max(0, s.rpl_sent - s.rpl_generated)],
  ['rpl_sent', 'replies sent', (s) => s.rpl_sent],
];

const STAT_DEFS: StatDef[] = STATS.map(([name, doc]) => ({ name, kind: 'gauge', doc }));

/**
 * Kamailio's pre-transaction table, for one event loop: the requests whose request route is
 * still running (waiting for a database, DNS …), keyed by Call-ID, From tag, CSeq and top Via
 * branch. A second copy arriving meanwhile is "in progress".
 */
class PretranTable {
  readonly #inProgress = new Map<string, SipRequest>();

  key(req: SipRequest): string | null {
    const cseq = req.cseq;
    const tag = req.from?.tag ?? null;
    if (cseq === null || tag === null) return null;
    return `${req.callId ?? ''}\u0000${tag}\u0000${String(cseq.seq)}\u0000${cseq.method}\u0000${req.topVia?.branch ?? ''}`;
  }

  /** 1 when the same request is in progress, -1 otherwise (and it is now). */
  check(req: SipRequest): number | null {
    const k = this.key(req);
    if (k === null) return null;
    const other = this.#inProgress.get(k);
    if (other !== undefined && other !== req) return 1;
    this.#inProgress.set(k, req);
    return -1;
  }

  done(req: SipRequest): void {
    if (this.#inProgress.size === 0) return;
    let k: string | null;
    try {
      k = this.key(req);
    } catch {
      return;
    }
    if (k !== null && this.#inProgress.get(k) === req) this.#inProgress.delete(k);
  }
}

function routeTest(name: string, kind: MessageContext['routeType']): ScriptFunction {
  return { name, args: [], fixup: () => (ctx) => (ctx.routeType === kind ? 1 : -1) };
}

export const tmxModule: ModuleDefinition = {
  name: 'tmx',
  doc: 'tm extras: t_precheck_trans, route-kind tests, $T_* variables, tmx statistics',
  params: {
    precheck_trans: { type: 'int', default: 1, doc: 't_precheck_trans() is active (0: always false)' },
  },
  stats: STAT_DEFS,
  depends: ['tm'],
  create(ctx) {
    const tmAny = ctx.api('tm');
    if (!(tmAny instanceof TmApi)) throw new FixupError('tmx needs the tm module (loadmodule "tm.so")');
    const tm = tmAny;
    const pretran = new PretranTable();
    const precheck = ctx.params.int('precheck_trans') !== 0;
    if (precheck) {
      tm.onRequestDone((req) => {
        pretran.done(req);
      });
    }
    for (const [name, doc, read] of STATS) ctx.stats.register('tmx', name, 'gauge', doc, () => read(tmStats(tm)));

    const functions: ScriptFunction[] = [
      {
        name: 't_precheck_trans',
        args: [],
        routes: ['request'],
        fixup: () => (m) => {
          const req = m.request;
          if (!precheck || req === null || req.method === 'ACK' || req.method === 'CANCEL') return -1;
          let r: number | null;
          try {
            r = pretran.check(req);
          } catch {
            return -2;
          }
          if (r === null) {
            ctx.logger.log(-1, 'tmx_check_pretran(): failed to get From header');
            return -1;
          }
          return r;
        },
      },
      routeTest('t_is_branch_route', 'branch'),
      routeTest('t_is_failure_route', 'failure'),
      routeTest('t_is_reply_route', 'onreply'),
      routeTest('t_is_request_route', 'request'),
    ];

    const branchIdx = (m: MessageContext): number => {
      const s = tm.run(m);
      if (m.routeType === 'branch') return s.branchIndex;
      return tm.transactionOf(m)?.branches.length ?? 0;
    };
    const replyCode = (m: MessageContext): number => {
      if (m.routeType === 'onreply' || m.routeType === 'failure') return tm.run(m).reply?.status ?? 0;
      if (m.routeType === 'reply' && m.msg.kind === 'response') return m.msg.status;
      const tx = tm.transactionOf(m);
      return m.lastReplyStatus ?? tx?.finalStatus ?? 0;
    };
    const pv = (name: string, get: (m: MessageContext) => number | string | null): PvDefinition => ({
      name,
      inner: 'none',
      parse: () => ({ get }),
    });
    /**
     * `$T_req(pv)` / `$T_rpl(pv)`: a pseudo-variable read on another message of the transaction.
     * As Kamailio 5.6 does (checked with it): the request exists in onreply_route only; the
     * reply in failure_route only, and only when one was received (not for a local 408).
     */
    const views = new WeakMap<MessageContext, MessageContext>();
    const viewOf = (m: MessageContext, which: 'req' | 'rpl'): MessageContext | null => {
      const tx = tm.transactionOf(m);
      if (tx === null || m.routeType !== (which === 'req' ? 'onreply' : 'failure')) return null;
      let msg;
      if (which === 'req') msg = tx.request;
      else {
        const best = tx.bestBranch();
        msg = best !== null && best.local ? null : tm.run(m).reply;
      }
      if (msg === null) return null;
      const seen = views.get(m);
      if (seen?.msg === msg) return seen;
      const view = new MessageContext(msg, which === 'req' ? tx.info : m.rcv, m.core, m.worker, m.routeType);
      views.set(m, view);
      return view;
    };
    const txMessagePv = (name: string, which: 'req' | 'rpl'): PvDefinition => ({
      name,
      inner: 'required',
      parse(inner, env) {
        const acc = env.parsePv((inner ?? '').trim());
        return {
          get: (m) => {
            const view = viewOf(m, which);
            return view === null ? null : acc.get(view);
          },
        };
      },
    });
    const pvs: PvDefinition[] = [
      pv('T_branch_idx', branchIdx),
      pv('T_reply_code', replyCode),
      pv('T_reply_reason', (m) => (m.routeType === 'onreply' || m.routeType === 'failure' ? (tm.run(m).reply?.reason ?? null) : null)),
      pv('T_reply_last', (m) => (m.routeType === 'onreply' || m.routeType === 'failure' ? (tm.run(m).reply?.status ?? 0) : 0)),
      pv('T_id', (m) => tm.transactionOf(m)?.toTag ?? null),
      txMessagePv('T_req', 'req'),
      txMessagePv('T_rpl', 'rpl'),
    ];
    return { functions, pvs };
  },
};
