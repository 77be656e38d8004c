/**
 * SIPp's output files, read after a run:
 * - the `-trace_stat` CSV (`;`-separated, one header row, one row per `-fd` period and a
 *   last row at exit): the cumulative counters of the last row;
 * - the `-trace_rtt` CSV `<scenario>_<pid>_rtt.csv` (`Date_ms;response_time_ms;rtd_no`):
 *   every response time. SIPp's clock here ticks in whole milliseconds, and in practice in
 *   steps of the kernel's coarse clock (4 ms at HZ=250), so these figures are coarse.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SippCounters {
  readonly totalCallsCreated: number;
  readonly successfulCalls: number;
  readonly failedCalls: number;
  readonly currentCalls: number;
  readonly retransmissions: number;
  readonly outOfCallMessages: number;
  readonly deadCallMessages: number;
  readonly fatalErrors: number;
  /** The nonzero Failed…(C) counters by name. */
  readonly failures: Readonly<Record<string, number>>;
}

function num(row: Readonly<Record<string, string>>, key: string): number {
  const n = Number((row[key] ?? '').trim());
  return Number.isFinite(n) ? n : 0;
}

/** The last row of SIPp's statistics CSV; undefined when the file is missing or empty. */
export function readSippCounters(file: string): SippCounters | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0];
  const last = lines[lines.length - 1];
  if (header === undefined || last === undefined || lines.length < 2) return undefined;
  const names = header.split(';');
  const values = last.split(';');
  const row: Record<string, string> = {};
  names.forEach((name, i) => {
    if (name !== '') row[name] = values[i] ?? '';
  });
  const failures: Record<string, number> = {};
  for (const name of names) {
    const m = /^(Failed\w+)\(C\)$/.exec(name);
    if (m?.[1] !== undefined && m[1] !== 'FailedCall' && num(row, name) > 0) failures[m[1]] = num(row, name);
  }
  return {
    totalCallsCreated: num(row, 'TotalCallCreated'),
    successfulCalls: num(row, 'SuccessfulCall(C)'),
    failedCalls: num(row, 'FailedCall(C)'),
    currentCalls: num(row, 'CurrentCall'),
    retransmissions: num(row, 'Retransmissions(C)'),
    outOfCallMessages: num(row, 'OutOfCallMsgs(C)'),
    deadCallMessages: num(row, 'DeadCallMsgs(C)'),
    fatalErrors: num(row, 'FatalErrors(C)'),
    failures,
  };
}

export interface ResponseTimes {
  /** Response times in ms, sorted ascending. */
  readonly sortedMs: Float64Array;
  /**
   * When the first and the last of the timed requests were sent (ms since SIPp's start):
   * the response's arrival minus its response time, so a slow server does not stretch it.
   */
  readonly firstSentMs: number;
  readonly lastSentMs: number;
}

/** The response times of one rtd counter from every `*_rtt.csv` in `dir`. */
export function readResponseTimes(dir: string, rtd: number): ResponseTimes | undefined {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('_rtt.csv'));
  const values: number[] = [];
  let firstSentMs = Infinity;
  let lastSentMs = -Infinity;
  const wanted = String(rtd);
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'latin1');
    let start = text.indexOf('\n') + 1;
    while (start > 0 && start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      const a = line.indexOf(';');
      const b = line.indexOf(';', a + 1);
      if (a < 0 || b < 0 || line.slice(b + 1).trim() !== wanted) continue;
      const at = Number(line.slice(0, a));
      const ms = Number(line.slice(a + 1, b));
      if (!Number.isFinite(at) || !Number.isFinite(ms)) continue;
      values.push(ms);
      const sent = at - ms;
      if (sent < firstSentMs) firstSentMs = sent;
      if (sent > lastSentMs) lastSentMs = sent;
    }
  }
  if (values.length === 0) return undefined;
  const sortedMs = Float64Array.from(values).sort();
  return { sortedMs, firstSentMs, lastSentMs };
}

/** The q-quantile (0…1) of ascending values, nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

/** What a SIPp exit code means (SIPp's documentation, "Exit codes"). */
export function sippExitMeaning(code: number | null): string {
  switch (code) {
    case 0:
      return 'all calls were successful';
    case 1:
      return 'at least one call failed';
    case 97:
      return 'exit on internal command';
    case 99:
      return 'normal exit without calls processed';
    case 124:
      return 'killed by the outer timeout';
    case 254:
      return 'fatal error binding a socket';
    case 255:
      return 'fatal error';
    case null:
      return 'killed by a signal';
    default:
      return `exit code ${String(code)}`;
  }
}
