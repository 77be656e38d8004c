/**
 * tm's statistics, in the shape of Kamailio's `tm.stats` RPC
 * (reference/control/jsonrpc/tm.stats.rep.json), read from the proxy core's counters and the
 * transaction layer. tmx shows the same figures as `tmx:*` statistics.
 */
import type { TmApi } from './tm-api.js';

export interface TmStats {
  /** Transactions in memory (live, or kept for the RFC wait timers). */
  current: number;
  /** Of those, the ones only kept for the wait timers. */
  waiting: number;
  /** Transactions made: UAS (from requests) and UAC (local). */
  total: number;
  total_local: number;
  rpl_received: number;
  /** Replies made here (t_reply, send_reply, tm's 100/408/487/5xx). */
  rpl_generated: number;
  /** Replies sent upstream (relayed and local). */
  rpl_sent: number;
  '6xx': number;
  '5xx': number;
  '4xx': number;
  '3xx': number;
  '2xx': number;
  created: number;
  freed: number;
  delayed_free: number;
  /** Not in tm.stats: retransmissions the layer absorbed (tmx:rpl_absorbed). */
  absorbed: number;
}

export function tmStats(api: TmApi): TmStats {
  const proxy = api.proxy;
  const uac = api.counters.uacTransactions;
  const received = api.counters.rplReceived;
  if (proxy === null) {
    return { current: 0, waiting: 0, total: uac, total_local: uac, rpl_received: received, rpl_generated: 0, rpl_sent: 0, '6xx': 0, '5xx': 0, '4xx': 0, '3xx': 0, '2xx': 0, created: uac, freed: uac, delayed_free: 0, absorbed: 0 };
  }
  const s = proxy.stats;
  const layer = proxy.layer;
  const total = s.transactions + uac;
  const current = Math.min(total, layer.serverCount);
  const finals = s.replies2xx + s.replies3xx + s.replies4xx + s.replies5xx + s.replies6xx;
  return {
    current,
    waiting: 0,
    total,
    total_local: uac,
    rpl_received: received,
    rpl_generated: s.localReplies,
    rpl_sent: s.replies1xx + finals,
    '6xx': s.replies6xx,
    '5xx': s.replies5xx,
    '4xx': s.replies4xx,
    '3xx': s.replies3xx,
    '2xx': s.replies2xx,
    created: total,
    freed: total - current,
    delayed_free: 0,
    absorbed: layer.stats.absorbed,
  };
}
