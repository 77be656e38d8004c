/**
 * Statistics (`stats.get_statistics`): kamctl's `stats [group]` and more. The server answers
 * `group:name = value` lines; they are read into rows.
 *
 * Which names are asked for: no argument → `all`; `group:` → that group; `group:name` → the
 * name, kept only in that group; a bare word → both the group `word:` and the statistic `word`
 * in one call, so `stats sl` and `stats rcv_requests` both do what is meant.
 */
import { AppError } from '../errors.js';
import { isRpcArray, type RpcValue } from '../rpc/rpc-value.js';
import { badReply } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';

export interface StatRow {
  readonly group: string;
  readonly name: string;
  readonly value: number;
}

export interface StatsResult {
  readonly stats: readonly StatRow[];
}

const LINE = /^([^:\s]+):(\S+) = (-?\d+)$/;

export function parseStatLine(line: string): StatRow | undefined {
  const m = LINE.exec(line.trim());
  if (m === null) return undefined;
  const [, group = '', name = '', value = '0'] = m;
  return { group, name, value: Number(value) };
}

/** Rows of a reply, in server order, without the duplicates Kamailio sends for overlapping names. */
export function parseStatsReply(reply: RpcValue): StatRow[] {
  if (!isRpcArray(reply)) throw badReply('stats.get_statistics', 'the result is not a list');
  const seen = new Set<string>();
  const rows: StatRow[] = [];
  for (const item of reply) {
    if (typeof item !== 'string') throw badReply('stats.get_statistics', `a member is ${JSON.stringify(item)}, not a "group:name = value" string`);
    const row = parseStatLine(item);
    if (row === undefined) throw badReply('stats.get_statistics', `cannot read "${item}"`);
    const key = `${row.group}:${row.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return rows;
}

interface Query {
  readonly params: string[];
  /** Keep only rows of this group (for `group:name`). */
  readonly group?: string;
}

export function statsQuery(selectors: readonly string[]): Query[] {
  if (selectors.length === 0) return [{ params: ['all'] }];
  return selectors.map((sel): Query => {
    const s = sel.trim();
    if (s === '' || /\s/.test(s)) throw new AppError('E_USAGE', `"${sel}" is not a statistic or group name`);
    if (s === 'all') return { params: ['all'] };
    if (s.endsWith(':')) return { params: [s] };
    const colon = s.indexOf(':');
    if (colon > 0) return { params: [s.slice(colon + 1)], group: s.slice(0, colon) };
    return { params: [`${s}:`, s] };
  });
}

export async function getStats(rpc: RpcCaller, selectors: readonly string[]): Promise<StatsResult> {
  const seen = new Set<string>();
  const stats: StatRow[] = [];
  for (const q of statsQuery(selectors)) {
    const rows = parseStatsReply(await rpc.call('stats.get_statistics', q.params, { returns: 'list' }));
    for (const row of rows) {
      const key = `${row.group}:${row.name}`;
      if ((q.group !== undefined && row.group !== q.group) || seen.has(key)) continue;
      seen.add(key);
      stats.push(row);
    }
  }
  if (selectors.length > 0 && stats.length === 0) throw new AppError('E_NOT_FOUND', `No statistic or group named ${selectors.join(', ')} on the server`);
  return { stats };
}
