/**
 * kamctl monitor: every WATCH_PERIOD seconds, the server's version and uptime and the
 * statistics kamctl shows — transactions, stateless replies, usrloc, core counters, shared
 * memory — with the change since the previous refresh. On a terminal it draws a full-screen
 * view (alternate screen, redrawn in place); elsewhere it prints plain snapshots.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.js';
import { uptime, type UptimeResult } from './core.js';
import { str } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';
import { parseStatsReply, type StatRow } from './stats.js';
import { groupDigits } from './stats-view.js';
import { formatDuration } from './usrloc.js';

export interface MonitorStat {
  readonly name: string;
  /** null when the server does not have the statistic (module not loaded). */
  readonly value: number | null;
  /** Change since the previous snapshot; null on the first. */
  readonly delta: number | null;
}

export interface MonitorSection {
  readonly title: string;
  readonly stats: readonly MonitorStat[];
}

export interface MonitorSnapshot {
  readonly cycle: number;
  /** ISO time of the snapshot on this machine. */
  readonly at: string;
  readonly version: string;
  readonly uptime: UptimeResult;
  readonly sections: readonly MonitorSection[];
  /** Set when this refresh failed (the server went away); the other fields repeat the last good one. */
  readonly error?: string;
}

interface SectionDef {
  readonly title: string;
  /** Statistic names, or a whole group as `group:`. */
  readonly names: readonly string[];
}

/** kamctl monitor's five blocks. */
export const MONITOR_SECTIONS: readonly SectionDef[] = [
  { title: 'Transactions', names: ['UAS_transactions', 'UAC_transactions', 'active_transactions', 'inuse_transactions'] },
  { title: 'Stateless replies', names: ['sent_replies', 'sent_err_replies'] },
  { title: 'User location', names: ['usrloc:'] },
  { title: 'Core', names: ['rcv_requests', 'fwd_requests', 'rcv_replies', 'fwd_replies'] },
  { title: 'Shared memory', names: ['shmem:'] },
];

export function buildSections(rows: readonly StatRow[], previous: readonly MonitorSection[] | undefined): MonitorSection[] {
  const before = new Map<string, number | null>();
  for (const s of previous ?? []) for (const st of s.stats) before.set(`${s.title}/${st.name}`, st.value);
  return MONITOR_SECTIONS.map((def) => {
    const stats: { name: string; value: number | null }[] = [];
    for (const name of def.names) {
      if (name.endsWith(':')) {
        const group = name.slice(0, -1);
        for (const r of rows) if (r.group === group) stats.push({ name: r.name, value: r.value });
      } else {
        stats.push({ name, value: rows.find((r) => r.name === name)?.value ?? null });
      }
    }
    return {
      title: def.title,
      stats: stats.map((s) => {
        const old = before.get(`${def.title}/${s.name}`);
        return { ...s, delta: old === undefined || old === null || s.value === null ? null : s.value - old };
      }),
    };
  });
}

export async function takeSnapshot(rpc: RpcCaller, cycle: number, previous: MonitorSnapshot | undefined, now: () => Date = () => new Date()): Promise<MonitorSnapshot> {
  const version = str('core.version', await rpc.call('core.version', []), 'the result').trim();
  const up = await uptime(rpc);
  const names = MONITOR_SECTIONS.flatMap((s) => s.names);
  const rows = parseStatsReply(await rpc.call('stats.get_statistics', names, { returns: 'list' }));
  return { cycle, at: now().toISOString(), version, uptime: up, sections: buildSections(rows, previous?.sections) };
}

const ESC = '\x1b[';
export const SCREEN = {
  enter: `${ESC}?1049h${ESC}?25l`,
  leave: `${ESC}?25h${ESC}?1049l`,
  home: `${ESC}H${ESC}2J`,
} as const;

function box(title: string, lines: readonly string[], width: number): string[] {
  const inner = width - 4;
  const head = `┌─ ${title} ${'─'.repeat(Math.max(0, width - title.length - 5))}┐`;
  const body = lines.map((l) => `│ ${l.length > inner ? l.slice(0, inner) : l.padEnd(inner)} │`);
  return [head, ...body, `└${'─'.repeat(width - 2)}┘`];
}

function sectionLines(section: MonitorSection): string[] {
  if (section.stats.length === 0) return ['(none on this server)'];
  const nameWidth = Math.max(...section.stats.map((s) => s.name.length));
  const values = section.stats.map((s) => (s.value === null ? '-' : groupDigits(s.value)));
  const valueWidth = Math.max(...values.map((v) => v.length));
  return section.stats.map((s, i) => {
    const delta = s.delta === null || s.delta === 0 ? '' : `${s.delta > 0 ? '+' : ''}${groupDigits(s.delta)}`;
    return `${s.name.padEnd(nameWidth)}  ${(values[i] ?? '').padStart(valueWidth)}  ${delta}`.trimEnd();
  });
}

/** Shared memory use as a bar, from shmem:used_size / shmem:total_size. */
function memoryBar(sections: readonly MonitorSection[], width: number): string | undefined {
  const mem = sections.find((s) => s.title === 'Shared memory')?.stats ?? [];
  const used = mem.find((s) => s.name === 'real_used_size')?.value ?? mem.find((s) => s.name === 'used_size')?.value;
  const total = mem.find((s) => s.name === 'total_size')?.value;
  if (used === undefined || used === null || total === undefined || total === null || total <= 0) return undefined;
  const ratio = Math.min(1, used / total);
  const cells = Math.max(10, width - 30);
  const filled = Math.round(ratio * cells);
  return `memory [${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${(ratio * 100).toFixed(1)}% of ${(total / 1048576).toFixed(0)} MiB`;
}

export interface FrameInfo {
  readonly cycles: number | undefined;
  readonly periodSeconds: number;
  /** Terminal width; boxes go side by side when it allows. */
  readonly width: number;
}

/** One screen of the monitor. */
export function renderFrame(s: MonitorSnapshot, info: FrameInfo): string {
  const width = Math.max(40, Math.min(info.width, 160));
  const cycle = info.cycles === undefined ? `cycle ${String(s.cycle)}` : `cycle ${String(s.cycle)}/${String(info.cycles)}`;
  const header = [
    s.version,
    `up ${formatDuration(s.uptime.uptime)} since ${s.uptime.upSince}   ${cycle}, every ${String(info.periodSeconds)} s   ${s.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`,
  ];
  if (s.error !== undefined) header.push(`!! ${s.error} — showing the last good values; if this stays, check that the server lives`);
  const boxWidth = Math.max(34, ...s.sections.flatMap((sec) => sectionLines(sec).map((l) => l.length + 4)), ...s.sections.map((sec) => sec.title.length + 6));
  const perRow = Math.max(1, Math.floor((width + 1) / (boxWidth + 1)));
  const boxes = s.sections.map((sec) => box(sec.title, sectionLines(sec), boxWidth));
  const out: string[] = [...header, ''];
  for (let i = 0; i < boxes.length; i += perRow) {
    const row = boxes.slice(i, i + perRow);
    const height = Math.max(...row.map((b) => b.length));
    for (let line = 0; line < height; line++) out.push(row.map((b) => b[line] ?? ' '.repeat(boxWidth)).join(' ').trimEnd());
  }
  const bar = memoryBar(s.sections, width);
  if (bar !== undefined) out.push('', bar);
  return out.join('\n');
}

export interface MonitorOptions {
  readonly rpc: RpcCaller;
  /** Number of refreshes; undefined runs until the signal aborts. */
  readonly cycles: number | undefined;
  readonly periodMs: number;
  /** Draw full-screen (a terminal) or print plain snapshots. */
  readonly mode: 'screen' | 'plain' | 'quiet';
  readonly write: (text: string) => void;
  readonly width: () => number;
  readonly signal?: AbortSignal;
}

export interface MonitorResult {
  readonly snapshots: readonly MonitorSnapshot[];
}

export function parseCycles(text: string): number {
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1) throw new AppError('E_USAGE', `cycles must be a whole number of at least 1, not "${text}"`);
  return Number(text.trim());
}

/** Runs the monitor. The first refresh must succeed (so a wrong socket fails at once); later failures are shown and retried. */
export async function runMonitor(o: MonitorOptions): Promise<MonitorResult> {
  const snapshots: MonitorSnapshot[] = [];
  const info = (): FrameInfo => ({ cycles: o.cycles, periodSeconds: o.periodMs / 1000, width: o.width() });
  let last: MonitorSnapshot | undefined;
  let screen = false;
  try {
    for (let cycle = 1; o.cycles === undefined || cycle <= o.cycles; cycle++) {
      let snap: MonitorSnapshot;
      try {
        snap = await takeSnapshot(o.rpc, cycle, last);
      } catch (error) {
        if (last === undefined || o.signal?.aborted === true) throw error;
        snap = { ...last, cycle, at: new Date().toISOString(), error: error instanceof Error ? error.message : String(error) };
      }
      if (snap.error === undefined) last = snap;
      snapshots.push(snap);
      if (o.mode === 'screen') {
        if (!screen) {
          o.write(SCREEN.enter);
          screen = true;
        }
        o.write(`${SCREEN.home}${renderFrame(snap, info())}\n\n(Ctrl-C leaves)`);
      } else if (o.mode === 'plain') {
        o.write(`${cycle > 1 ? '\n' : ''}${renderFrame(snap, info())}\n`);
      }
      if (o.cycles !== undefined && cycle >= o.cycles) break;
      try {
        await sleep(o.periodMs, undefined, o.signal === undefined ? {} : { signal: o.signal });
      } catch {
        break; // aborted: Ctrl-C
      }
    }
  } finally {
    if (screen) {
      o.write(SCREEN.leave);
      const final = snapshots.at(-1);
      if (final !== undefined) o.write(`${renderFrame(final, info())}\n`);
    }
  }
  return { snapshots };
}
