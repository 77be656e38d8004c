/**
 * Statistics as Kamailio keeps them: `group:name` counters and gauges, read by
 * `stats.get_statistics` with `all`, `group:` or `group:name`. One registry per daemon.
 */
import type { StatKind } from './module-api.js';

export interface Stat {
  readonly group: string;
  readonly name: string;
  readonly kind: StatKind;
  readonly doc: string;
  value: number;
  /** For gauges computed on read (usrloc's contact count). */
  read?: () => number;
}

export class StatsRegistry {
  readonly #stats = new Map<string, Stat>();

  /** Registers a statistic; registering the same name again returns the existing one. */
  register(group: string, name: string, kind: StatKind, doc: string, read?: () => number): Stat {
    const key = `${group}:${name}`;
    const existing = this.#stats.get(key);
    if (existing !== undefined) {
      if (read !== undefined) existing.read = read;
      return existing;
    }
    const stat: Stat = { group, name, kind, doc, value: 0, ...(read === undefined ? {} : { read }) };
    this.#stats.set(key, stat);
    return stat;
  }

  get(group: string, name: string): Stat | undefined {
    return this.#stats.get(`${group}:${name}`);
  }

  /** Adds `n` (1 by default); an unknown statistic is ignored. */
  inc(group: string, name: string, n = 1): void {
    const s = this.#stats.get(`${group}:${name}`);
    if (s !== undefined) s.value += n;
  }

  value(s: Stat): number {
    return s.read === undefined ? s.value : s.read();
  }

  /** Resets a counter to 0 (gauges computed on read are not touched). */
  reset(group: string, name: string): boolean {
    const s = this.#stats.get(`${group}:${name}`);
    if (s === undefined) return false;
    s.value = 0;
    return true;
  }

  /** Groups, in registration order. */
  groups(): string[] {
    return [...new Set([...this.#stats.values()].map((s) => s.group))];
  }

  /**
   * Statistics selected as Kamailio's `stats.get_statistics` does: `all`, `group:` (the whole
   * group), `group:name`, or a bare `name` (found in whichever group has it); sorted by
   * group and name as Kamailio lists them.
   */
  select(pattern: string): { group: string; name: string; value: number }[] {
    const colon = pattern.indexOf(':');
    const group = colon < 0 ? null : pattern.slice(0, colon);
    const name = colon < 0 ? pattern : pattern.slice(colon + 1);
    const out: { group: string; name: string; value: number }[] = [];
    for (const s of this.#stats.values()) {
      if (pattern !== 'all') {
        if (group !== null && s.group !== group) continue;
        if (name !== '' && s.name !== name) continue;
      }
      out.push({ group: s.group, name: s.name, value: this.value(s) });
    }
    return out.sort((a, b) => (a.group === b.group ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.group < b.group ? -1 : 1));
  }
}
