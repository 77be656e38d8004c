/** Human text for uptime, ps and srv. */
import { table } from '../cli/render.js';
import type { PsResult, SrvResult, UptimeResult } from './core.js';
import { formatDuration } from './usrloc.js';

export function renderUptime(r: UptimeResult): string {
  return `up ${formatDuration(r.uptime)} (${String(r.uptime)} s) since ${r.upSince}; server time ${r.now}`;
}

export function renderPs(r: PsResult): string {
  return table(['idx', 'pid', 'process'], r.processes.map((p) => [p.idx, p.pid, p.description]));
}

export function renderSrv(r: SrvResult): string {
  switch (r.what) {
    case 'sockets':
      return table(
        ['proto', 'address', 'port', 'name', 'advertise', 'flags'],
        r.sockets.map((s) => [s.proto, s.addresses.join(', ') || s.name, s.port ?? '', s.sockname ?? '', s.advertise ?? '', [s.mcast ? 'mcast' : '', s.mhomed ? 'mhomed' : '', s.virtual ? 'virtual' : ''].filter((f) => f !== '').join(',')]),
      );
    case 'aliases':
      if (r.aliases.length === 0) return 'no aliases';
      return table(['proto', 'address', 'port'], r.aliases.map((a) => [a.proto, a.address, a.port === 0 ? '*' : a.port]));
    case 'rpclist':
      return r.methods.join('\n');
    case 'modules':
      return r.modules.join('\n');
    case 'version':
      return r.version;
    case 'debug':
      return r.changed ? `debug level set to ${String(r.level)}` : `debug level ${String(r.level)}`;
  }
}
