/**
 * CPU time and memory of a process tree, read from /proc (Linux only).
 *
 * A server under test runs under an outer `timeout` wrapper; Kamailio forks a main process
 * and its workers below that. `serverPids(wrapper)` is every descendant of the wrapper (the
 * wrapper itself, which only waits, is left out), so the sums below cover all of Kamailio's
 * processes and sipd's one process with all its threads (a process's utime/stime in
 * /proc/<pid>/stat already include every thread of it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

function clockTicksPerSecond(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

const CLK_TCK = clockTicksPerSecond();

interface StatLine {
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly ticks: number;
}

/** Fields of /proc/<pid>/stat after the `(comm)` field, which may itself hold spaces and ')'. */
function readStat(pid: number): StatLine | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${String(pid)}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After ") ": state(3) ppid(4) pgrp(5) session(6) tty(7) tpgid(8) flags(9) minflt(10)
  // cminflt(11) majflt(12) cmajflt(13) utime(14) stime(15) …; index 0 here is field 3.
  const f = text.slice(close + 2).split(' ');
  const ppid = Number(f[1]);
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  if (!Number.isFinite(ppid) || !Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return { ppid, ticks: utime + stime };
}

/** Every process below `root` (children, grandchildren …), not `root` itself. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const st = readStat(pid);
    if (st === undefined) continue;
    const list = children.get(st.ppid);
    if (list === undefined) children.set(st.ppid, [pid]);
    else list.push(pid);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU time (user + system) of each process, in seconds; processes already gone are left out. */
export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const st = readStat(pid);
    if (st !== undefined) out.set(pid, st.ticks / CLK_TCK);
  }
  return out;
}

/** CPU seconds spent between two snapshots, summed over the processes of the later one. */
export function cpuDelta(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0);
  return sum;
}

export interface MemoryUse {
  /** Sum of the processes' RSS (shared pages counted once per process). */
  readonly rssKiB: number;
  /** Sum of PSS (shared pages split between the processes sharing them). */
  readonly pssKiB: number;
  readonly processes: number;
}

/** RSS and PSS summed over `pids`, from /proc/<pid>/smaps_rollup. */
export function memoryUse(pids: readonly number[]): MemoryUse {
  let rssKiB = 0;
  let pssKiB = 0;
  let processes = 0;
  for (const pid of pids) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'latin1');
    } catch {
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/m.exec(text)?.[1];
    const pss = /^Pss:\s+(\d+) kB/m.exec(text)?.[1];
    if (rss === undefined || pss === undefined) continue;
    rssKiB += Number(rss);
    pssKiB += Number(pss);
    processes++;
  }
  return { rssKiB, pssKiB, processes };
}

/** The larger of two readings, field by field. */
export function maxMemory(a: MemoryUse, b: MemoryUse): MemoryUse {
  return { rssKiB: Math.max(a.rssKiB, b.rssKiB), pssKiB: Math.max(a.pssKiB, b.pssKiB), processes: Math.max(a.processes, b.processes) };
}

/** 1-minute, 5-minute and 15-minute load averages. */
export function loadAverage(): string {
  try {
    return fs.readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

export interface MachineTicks {
  readonly busy: number;
  readonly total: number;
}

/** The machine's CPU ticks from the `cpu` line of /proc/stat (busy = all but idle and iowait). */
export function machineTicks(): MachineTicks {
  const line = fs.readFileSync('/proc/stat', 'latin1').split('\n', 1)[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** Share of all CPUs busy between two readings, in % of one core (200 % = both cores of two). */
export function machineBusyPercent(a: MachineTicks, b: MachineTicks, cores: number): number {
  const total = b.total - a.total;
  return total <= 0 ? 0 : ((b.busy - a.busy) / total) * 100 * cores;
}
