/**
 * The stats.* RPC methods (kex in Kamailio): get_statistics, reset_statistics,
 * clear_statistics and fetch, over the daemon's statistics registry. Selectors: `all`,
 * `group:`, `group:name` or a bare `name`; several may be given.
 */
import type { RpcContext, RpcMethod } from '../../rpc/rpc-method.js';
import type { StatsRegistry } from '../stats-registry.js';

function selectors(ctx: RpcContext): string[] {
  if (ctx.params.length === 0) throw ctx.fault(400, 'Please provide which stats to retrieve');
  return ctx.params.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
}

export function statsRpc(stats: StatsRegistry): RpcMethod[] {
  const lines = (ctx: RpcContext) => selectors(ctx).flatMap((sel) => stats.select(sel).map((s) => `${s.group}:${s.name} = ${String(s.value)}`));
  const reset = (ctx: RpcContext) => {
    const out: string[] = [];
    for (const sel of selectors(ctx)) {
      for (const s of stats.select(sel)) {
        out.push(`${s.group}:${s.name} = ${String(s.value)}`);
        stats.reset(s.group, s.name);
      }
    }
    return out;
  };
  return [
    { name: 'stats.get_statistics', doc: 'Print statistics.', returns: 'list', handler: lines },
    {
      name: 'stats.reset_statistics',
      doc: 'Reset statistics.',
      handler: (ctx) => {
        reset(ctx);
        return {};
      },
    },
    { name: 'stats.clear_statistics', doc: 'Return statistics and reset them.', returns: 'list', handler: reset },
    {
      name: 'stats.fetch',
      doc: 'Print statistics as a structure of group.name members.',
      handler: (ctx) => Object.fromEntries(selectors(ctx).flatMap((sel) => stats.select(sel).map((s) => [`${s.group}.${s.name}`, String(s.value)]))),
    },
  ];
}
