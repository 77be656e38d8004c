/** Statistics as a table: group, name, value; values right-aligned with thousands separators. */
import { table } from '../cli/render.js';
import type { StatsResult } from './stats.js';

export function groupDigits(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function renderStats(result: StatsResult): string {
  const width = Math.max(0, ...result.stats.map((s) => groupDigits(s.value).length));
  return table(['group', 'name', 'value'], result.stats.map((s) => [s.group, s.name, groupDigits(s.value).padStart(width)]));
}
