/** Human text for the usrloc commands. */
import { table } from '../cli/render.js';
import { formatExpires, type OnlineResult, type UlShowResult } from './usrloc.js';

export function renderUlShow(result: UlShowResult): string {
  switch (result.mode) {
    case 'brief':
      if (result.aors.length === 0) return 'no AoRs registered';
      return table(['AoR', 'table'], result.aors.map((e) => [e.aor, e.table]));
    case 'all':
    case 'aor': {
      if (result.records.length === 0) return 'no contacts registered';
      const rows = result.records.flatMap((r) =>
        r.contacts.length === 0
          ? [[r.aor, '', '', '', '', '']]
          : r.contacts.map((c) => [r.aor, c.address, formatExpires(c.expires), c.q === null ? '' : c.q.toFixed(3).replace(/0{1,2}$/, ''), c.received ?? c.socket ?? '', c.userAgent ?? '']),
      );
      const contacts = result.records.reduce((n, r) => n + r.contacts.length, 0);
      return `${table(['AoR', 'contact', 'expires', 'q', 'received/socket', 'user agent'], rows)}\n${String(result.records.length)} AoR(s), ${String(contacts)} contact(s)`;
    }
  }
}

export function renderOnline(result: OnlineResult): string {
  return result.aors.join('\n');
}
