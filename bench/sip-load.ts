// SIP load benchmark: sipd against the real Kamailio 5.6, in one run, on the workloads of
// ../shared/reference/perf (S1 OPTIONS answered statelessly; S2 REGISTER without auth into
// usrloc in memory; S3 REGISTER → 401 → REGISTER with digest → 200 against the subscriber
// table in MariaDB, usrloc db_mode 2; S4 stateful calls INVITE → 100/200 → ACK → 1 s → BYE →
// 200 through the server to a SIPp UAS on 127.0.0.1:5080).
//
//   npx tsc -p . && node dist/bench/sip-load.js [--scenario s1|s2|s3|s4|all] [--step-seconds N]
//       [--rates a,b,c] [--servers sipd,kamailio] [--profile]
//
// S2 and S3 take their users from a SIPp injection file of user00001…user10000 (passwords
// pw00001…, domain bench.local), read sequentially, so above 10,000 calls users refresh their
// binding. S3's SIPp scenario is ours (bench/scenarios/s3_register_auth.xml). For S3 each
// server gets a fresh MariaDB database (127.0.0.1:3306, root without password) made with
// `sipctl db create` and `sipctl subscriber import` (STORE_PLAINTEXT_PW=1), passed to the cfg as
// `-A 'DBURL="mysql://root@127.0.0.1/<name>"'` and dropped afterwards; without MariaDB S3 is
// skipped with the reason.
//
// Both servers run the very same cfg files, read from the reference folder, one after the
// other, each on 127.0.0.1:5070 with its own temp dir for control sockets and pid file.
// Rate search: each step offers RATE calls/s for N s (SIPp `-r RATE -m RATE*N`); a step
// passes when failed calls (calls not completed count as failed) < 0.1 %, retransmissions
// (UAC + UAS) < 0.1 % of the calls, and SIPp really generated ≥ 95 % of the rate. The
// search stops at the first failing step. Per server it prints the highest passing rate,
// SIPp's p50/p99 response time and a µs-resolution probe's p50/p99 at that rate, CPU per
// call (utime + stime over all the server's processes, from /proc), RSS and PSS
// (smaps_rollup, idle and the maximum during the step), and the ratio sipd/Kamailio.
//
// --profile runs sipd alone for one step (the first of --rates) under `node --cpu-prof`
// and prints the functions and files with the most self time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import knex from 'knex';
import { SIPCTL_BIN, cleanEnv } from '../test/support/sipctl.js';
import { BoundedProcess, Cleanup } from './support/bounded-process.js';
import { readProfileSummary, type ProfileSummary } from './support/cpu-profile.js';
import { LatencyProbe, type ProbeResult } from './support/latency-probe.js';
import {
  cpuDelta,
  cpuSnapshot,
  loadAverage,
  machineBusyPercent,
  machineTicks,
  maxMemory,
  memoryUse,
  type MemoryUse,
} from './support/proc-stats.js';
import { quantile, readResponseTimes, readSippCounters, sippExitMeaning, type SippCounters } from './support/sipp-files.js';
import { checkConfig, SIP_HOST, SIP_PORT, ServerUnderTest, udpPortFree, waitUdpBound, type ServerKind } from './support/server-under-test.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const PERF_DIR = process.env.PERF_REFERENCE_DIR ?? path.resolve(ROOT, '..', 'shared', 'reference', 'perf');
const SIPP = process.env.SIPP_BINARY ?? '/usr/bin/sipp';
const UAS_PORT = 5080;
const SIPP_BUFFER = 4 * 1024 * 1024;
const MAX_FAILED = 0.001;
const MAX_RETRANS = 0.001;
const MIN_GENERATED = 0.95;
const USERS = 10_000;
const USER_DOMAIN = 'bench.local';
const OWN_SCENARIOS = path.join(ROOT, 'bench', 'scenarios');

type ScenarioId = 's1' | 's2' | 's3' | 's4';

interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  readonly cfgFile: string;
  readonly uacXml: string;
  readonly uasXml: string | undefined;
  /** The `<pause/>` of the UAC (SIPp -d), in ms. */
  readonly holdMs: number;
  readonly rates: readonly number[];
  /** Rate of the --profile step when --rates is not given. */
  readonly profileRate: number;
  /** The rtd counter whose response times are reported (rtd 1, every call's first request, times the generated rate). */
  readonly rtd: number;
  readonly rtdLabel: string;
  /** SIPp reads users from the injection file (`-inf`). */
  readonly users: boolean;
  /** The cfg reads DBURL: each server gets a fresh MariaDB database with the subscribers. */
  readonly database: boolean;
  readonly kamailioReference: string;
}

const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  s1: {
    id: 's1',
    title: 'S1 OPTIONS, stateless 200',
    cfgFile: path.join(PERF_DIR, 'kamailio', 's1-options.cfg'),
    uacXml: path.join(PERF_DIR, 'scenarios', 's1_options.xml'),
    uasXml: undefined,
    holdMs: 0,
    rates: [2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 18000, 20000, 22000, 24000, 26000, 28000, 30000, 32000, 36000, 40000],
    profileRate: 8000,
    rtd: 1,
    rtdLabel: 'OPTIONS → 200',
    users: false,
    database: false,
    kamailioReference: 'reference: 28,000/s, 28–32 µs/call, p50/p99 795/2,757 µs (capture), PSS 9 MiB',
  },
  s2: {
    id: 's2',
    title: 'S2 REGISTER without auth, usrloc in memory',
    cfgFile: path.join(PERF_DIR, 'kamailio', 's2-register.cfg'),
    uacXml: path.join(PERF_DIR, 'scenarios', 's2_register.xml'),
    uasXml: undefined,
    holdMs: 0,
    rates: [2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 18000, 20000, 22000, 24000, 26000, 28000, 30000, 32000, 36000, 40000],
    profileRate: 4000,
    rtd: 1,
    rtdLabel: 'REGISTER → 200',
    users: true,
    database: false,
    kamailioReference: 'reference: 28,000–32,000/s, 21 µs/call, p50/p99 380/3,243 µs (capture), PSS 10 → 22 MiB',
  },
  s3: {
    id: 's3',
    title: 'S3 REGISTER → 401 → REGISTER with digest → 200, subscriber in MariaDB, usrloc db_mode 2',
    cfgFile: path.join(PERF_DIR, 'kamailio', 's3-register-auth.cfg'),
    uacXml: path.join(OWN_SCENARIOS, 's3_register_auth.xml'),
    uasXml: undefined,
    holdMs: 0,
    rates: [250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 7000, 8000],
    profileRate: 500,
    rtd: 2,
    rtdLabel: 'REGISTER with digest → 200',
    users: true,
    database: true,
    kamailioReference: 'reference: 5,000 calls/s (10,000 transactions/s), 103–117 µs/call, p50/p99 401: 213/971 µs, 200: 1,576/4,010 µs (capture), PSS 11 → 25 MiB',
  },
  s4: {
    id: 's4',
    title: 'S4 stateful calls through the proxy to a SIPp UAS',
    cfgFile: path.join(PERF_DIR, 'kamailio', 's4-proxy.cfg'),
    uacXml: path.join(PERF_DIR, 'scenarios', 's4_uac.xml'),
    uasXml: path.join(PERF_DIR, 'scenarios', 's4_uas.xml'),
    holdMs: 1000,
    rates: [250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000],
    profileRate: 500,
    rtd: 1,
    rtdLabel: 'INVITE → 200',
    users: false,
    database: false,
    kamailioReference: 'reference: 4,000–4,500 calls/s, 211–230 µs/call, INVITE relayed p50/p99 1,538/5,160 µs (capture), PSS 10 → 578–650 MiB',
  },
};

// ---- command line ---------------------------------------------------------------------------

interface Options {
  readonly scenarios: readonly Scenario[];
  readonly stepSeconds: number;
  readonly rates: readonly number[] | undefined;
  readonly servers: readonly ServerKind[];
  readonly profile: boolean;
}

const USAGE = `usage: node dist/bench/sip-load.js [--scenario s1|s2|s3|s4|all] [--step-seconds N] [--rates a,b,c] [--servers sipd,kamailio] [--profile]`;

function parseOptions(argv: readonly string[]): Options {
  let scenario = 'all';
  let stepSeconds = 10;
  let rates: number[] | undefined;
  let servers: ServerKind[] = ['sipd', 'kamailio'];
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
      return v;
    };
    switch (name) {
      case '--scenario':
        scenario = value();
        break;
      case '--step-seconds':
        stepSeconds = Number(value());
        if (!Number.isInteger(stepSeconds) || stepSeconds < 1 || stepSeconds > 600) throw new Error('--step-seconds: a whole number of seconds, 1 to 600');
        break;
      case '--rates':
        rates = value()
          .split(',')
          .map((r) => Number(r.trim()));
        if (rates.length === 0 || rates.some((r) => !Number.isInteger(r) || r < 1 || r > 200_000)) throw new Error('--rates: whole numbers of calls per second, comma-separated');
        break;
      case '--servers': {
        const list = value().split(',');
        servers = [];
        for (const s of list) {
          if (s !== 'sipd' && s !== 'kamailio') throw new Error(`--servers: sipd and/or kamailio, not "${s}"`);
          servers.push(s);
        }
        break;
      }
      case '--profile':
        profile = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  let scenarios: Scenario[];
  if (scenario === 'all') scenarios = profile ? [SCENARIOS.s1] : [SCENARIOS.s1, SCENARIOS.s2, SCENARIOS.s3, SCENARIOS.s4];
  else if (scenario === 's1' || scenario === 's2' || scenario === 's3' || scenario === 's4') scenarios = [SCENARIOS[scenario]];
  else throw new Error(`--scenario: s1, s2, s3, s4 or all, not "${scenario}"`);
  return { scenarios, stepSeconds, rates, servers, profile };
}

// ---- one step -----------------------------------------------------------------------------------

interface StepResult {
  readonly rate: number;
  readonly calls: number;
  readonly uac: SippCounters | undefined;
  readonly uas: SippCounters | undefined;
  readonly uacExit: string;
  readonly failed: number;
  readonly retransmissions: number;
  readonly generatedRate: number;
  readonly sippP50Ms: number;
  readonly sippP99Ms: number;
  readonly probe: ProbeResult;
  readonly cpuSeconds: number;
  readonly cpuPerCallUs: number;
  /** The server's CPU over the step, in % of one core. */
  readonly serverBusyPct: number;
  /** The whole machine's CPU over the step, in % of one core (200 % = both cores). */
  readonly machineBusyPct: number;
  /** At the start of the step (after the previous one settled). */
  readonly memoryBefore: MemoryUse;
  /** The largest reading during the step (sampled every second). */
  readonly memoryMax: MemoryUse;
  readonly loadBefore: string;
  readonly wallSeconds: number;
  readonly passed: boolean;
  readonly why: readonly string[];
  readonly serverAlive: boolean;
}

function sippArgs(scenario: Scenario, role: 'uac' | 'uas', rate: number, calls: number, limitSec: number, dir: string, usersFile: string | undefined): string[] {
  const common = [
    '-i', SIP_HOST, '-t', 'u1', '-m', String(calls), '-buff_size', String(SIPP_BUFFER),
    '-timeout', `${String(limitSec)}s`, '-nostdin', '-trace_stat', '-stf', path.join(dir, `${role}-stat.csv`), '-fd', '1',
    '-trace_err', '-error_file', path.join(dir, `${role}-errors.log`),
  ];
  if (role === 'uas') return ['-sf', scenario.uasXml ?? '', '-p', String(UAS_PORT), ...common];
  const hold = scenario.holdMs > 0 ? ['-d', String(scenario.holdMs)] : [];
  const users = usersFile === undefined ? [] : ['-inf', usersFile];
  return ['-sf', scenario.uacXml, `${SIP_HOST}:${String(SIP_PORT)}`, '-p', '0', '-r', String(rate), ...hold, ...users, ...common, '-trace_rtt', '-rtt_freq', '1000'];
}

function firstLines(text: string, n: number): string {
  return text.trim().split('\n').slice(0, n).join('\n');
}

async function runStep(server: ServerUnderTest, scenario: Scenario, rate: number, seconds: number, usersFile: string | undefined, cleanup: Cleanup): Promise<StepResult> {
  const calls = rate * seconds;
  const dir = cleanup.tempDir(`bench-sipp-${scenario.id}-`);
  const limitSec = seconds + Math.ceil(scenario.holdMs / 1000) + 20;
  const loadBefore = loadAverage();
  let uas: BoundedProcess | undefined;
  if (scenario.uasXml !== undefined) {
    if (!(await udpPortFree(UAS_PORT))) throw new Error(`udp:${SIP_HOST}:${String(UAS_PORT)} is in use: the S4 UAS cannot bind it`);
    uas = new BoundedProcess(SIPP, sippArgs(scenario, 'uas', rate, calls, limitSec, dir, undefined), { cwd: dir, limitSec: limitSec + 10, cleanup });
    if (!(await waitUdpBound(UAS_PORT, 5000))) {
      await uas.stop();
      throw new Error(`the SIPp UAS did not bind ${String(UAS_PORT)}: ${uas.command}\n${uas.output}`);
    }
  }
  const probe = new LatencyProbe({ host: SIP_HOST, port: SIP_PORT }, Math.min(200, Math.max(20, Math.round(rate / 100))));
  const cpuBefore = cpuSnapshot(server.pids());
  const machineBefore = machineTicks();
  const memoryBefore = memoryUse(server.pids());
  let memoryMax = memoryBefore;
  const t0 = Date.now();
  await probe.start();
  const uac = new BoundedProcess(SIPP, sippArgs(scenario, 'uac', rate, calls, limitSec, dir, usersFile), { cwd: dir, limitSec: limitSec + 10, cleanup });
  const sampler = setInterval(() => {
    memoryMax = maxMemory(memoryMax, memoryUse(server.pids()));
  }, 1000);
  const uacStatus = await uac.done;
  clearInterval(sampler);
  const probeResult = await probe.stop(300);
  if (uas !== undefined) {
    const late = new Promise<boolean>((resolve) => {
      setTimeout(() => {
        resolve(false);
      }, 5000);
    });
    const finished = await Promise.race([uas.done.then(() => true), late]);
    if (!finished) await uas.stop('SIGUSR1', 3000);
  }
  const wallSeconds = (Date.now() - t0) / 1000;
  const pids = server.pids();
  const cpuSeconds = cpuDelta(cpuBefore, cpuSnapshot(pids));
  const machineBusyPct = machineBusyPercent(machineBefore, machineTicks(), os.cpus().length);
  memoryMax = maxMemory(memoryMax, memoryUse(pids));

  const uacCounters = readSippCounters(path.join(dir, 'uac-stat.csv'));
  const uasCounters = uas === undefined ? undefined : readSippCounters(path.join(dir, 'uas-stat.csv'));
  const rtt = readResponseTimes(dir, 1);
  const timed = scenario.rtd === 1 ? rtt : readResponseTimes(dir, scenario.rtd);
  const successful = uacCounters?.successfulCalls ?? 0;
  const failed = calls - successful;
  const retransmissions = (uacCounters?.retransmissions ?? 0) + (uasCounters?.retransmissions ?? 0);
  const span = rtt === undefined ? 0 : (rtt.lastSentMs - rtt.firstSentMs) / 1000;
  const generatedRate = rtt !== undefined && rtt.sortedMs.length > 1 && span > 0 ? (rtt.sortedMs.length - 1) / span : (uacCounters?.totalCallsCreated ?? 0) / Math.max(1e-3, wallSeconds);
  // In S1 the probe's OPTIONS are the same work as SIPp's; in S2–S4 (a 200 or 404 each, ≤ 1 %
  // of the messages and far cheaper than a call) they are left out of the count.
  const work = successful + (scenario.id === 's1' ? probeResult.answered : 0);
  const serverAlive = server.alive;
  const why: string[] = [];
  if (!serverAlive) why.push(`${server.kind} is no longer running`);
  if (uacCounters === undefined) why.push(`SIPp wrote no statistics (${sippExitMeaning(uacStatus.code)})`);
  if (failed / calls >= MAX_FAILED) {
    const detail = uacCounters === undefined ? '' : ` (SIPp failed ${String(uacCounters.failedCalls)} ${JSON.stringify(uacCounters.failures)}, unfinished ${String(calls - successful - uacCounters.failedCalls)})`;
    why.push(`failed ${String(failed)}/${String(calls)} = ${pct(failed / calls)}${detail}`);
  }
  if (retransmissions / calls >= MAX_RETRANS) why.push(`retransmissions ${String(retransmissions)} = ${pct(retransmissions / calls)} of the calls`);
  if (generatedRate < MIN_GENERATED * rate) why.push(`SIPp generated only ${generatedRate.toFixed(0)}/s of ${String(rate)}/s`);
  if (uasCounters !== undefined && uasCounters.failedCalls > 0) why.push(`UAS failed ${String(uasCounters.failedCalls)} ${JSON.stringify(uasCounters.failures)}`);
  if (why.length > 0) {
    const errors = readIfExists(path.join(dir, 'uac-errors.log'));
    if (errors !== '') why.push(`SIPp errors (first lines):\n${indent(firstLines(errors, 6))}`);
  }
  cleanup.removeDir(dir);
  return {
    rate,
    calls,
    uac: uacCounters,
    uas: uasCounters,
    uacExit: `${String(uacStatus.code ?? uacStatus.signal)} (${sippExitMeaning(uacStatus.code)})`,
    failed,
    retransmissions,
    generatedRate,
    sippP50Ms: timed === undefined ? NaN : quantile(timed.sortedMs, 0.5),
    sippP99Ms: timed === undefined ? NaN : quantile(timed.sortedMs, 0.99),
    probe: probeResult,
    cpuSeconds,
    cpuPerCallUs: work > 0 ? (cpuSeconds * 1e6) / work : NaN,
    serverBusyPct: (cpuSeconds / wallSeconds) * 100,
    machineBusyPct,
    memoryBefore,
    memoryMax,
    loadBefore,
    wallSeconds,
    passed: why.length === 0,
    why,
    serverAlive,
  };
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}

// ---- formatting ---------------------------------------------------------------------------------

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.01 ? 3 : 1)} %`;
}

function mib(kib: number): string {
  return (kib / 1024).toFixed(1);
}

function fmt(x: number, digits = 0): string {
  return Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';
}

function stepLine(kind: ServerKind, s: StepResult): string {
  const p = s.probe;
  return (
    `  ${kind.padEnd(8)} ${String(s.rate).padStart(6)}/s  ${s.passed ? 'pass' : 'FAIL'}  ` +
    `ok ${String(s.uac?.successfulCalls ?? 0)}/${String(s.calls)} retr ${String(s.retransmissions)} gen ${fmt(s.generatedRate)}/s  ` +
    `SIPp p50/p99 ${fmt(s.sippP50Ms)}/${fmt(s.sippP99Ms)} ms  probe p50/p99 ${fmt(quantile(p.sortedUs, 0.5))}/${fmt(quantile(p.sortedUs, 0.99))} µs (${String(p.answered)}/${String(p.sent)})  ` +
    `cpu ${fmt(s.cpuPerCallUs, 1)} µs/call, server ${fmt(s.serverBusyPct)} %, machine ${fmt(s.machineBusyPct)} %  ` +
    `RSS ${mib(s.memoryBefore.rssKiB)}→${mib(s.memoryMax.rssKiB)} PSS ${mib(s.memoryBefore.pssKiB)}→${mib(s.memoryMax.pssKiB)} MiB  load ${s.loadBefore}`
  );
}

interface ServerRun {
  readonly kind: ServerKind;
  readonly command: string;
  readonly skipped: string | undefined;
  readonly idle: MemoryUse | undefined;
  readonly steps: readonly StepResult[];
  readonly crash: string | undefined;
}

function best(run: ServerRun): StepResult | undefined {
  let b: StepResult | undefined;
  for (const s of run.steps) if (s.passed && (b === undefined || s.rate > b.rate)) b = s;
  return b;
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

function printSummary(scenario: Scenario, runs: readonly ServerRun[]): void {
  const sipd = runs.find((r) => r.kind === 'sipd');
  const kam = runs.find((r) => r.kind === 'kamailio');
  const bs = sipd === undefined ? undefined : best(sipd);
  const bk = kam === undefined ? undefined : best(kam);
  const rows: [string, (r: ServerRun, b: StepResult | undefined) => string, string][] = [
    ['highest passing rate (/s)', (_r, b) => (b === undefined ? 'none' : fmt(b.rate)), ratio(bs?.rate, bk?.rate)],
    [`SIPp ${scenario.rtdLabel} p50 / p99 (ms)`, (_r, b) => (b === undefined ? '–' : `${fmt(b.sippP50Ms)} / ${fmt(b.sippP99Ms)}`), ratio(bs?.sippP99Ms, bk?.sippP99Ms)],
    [
      'probe p50 / p99 (µs)',
      (_r, b) => (b === undefined ? '–' : `${fmt(quantile(b.probe.sortedUs, 0.5))} / ${fmt(quantile(b.probe.sortedUs, 0.99))}`),
      ratio(bs === undefined ? undefined : quantile(bs.probe.sortedUs, 0.99), bk === undefined ? undefined : quantile(bk.probe.sortedUs, 0.99)),
    ],
    ['CPU per call (µs)', (_r, b) => (b === undefined ? '–' : fmt(b.cpuPerCallUs, 1)), ratio(bs?.cpuPerCallUs, bk?.cpuPerCallUs)],
    ['server CPU at that rate (% of a core)', (_r, b) => (b === undefined ? '–' : fmt(b.serverBusyPct)), ratio(bs?.serverBusyPct, bk?.serverBusyPct)],
    ['RSS idle → max (MiB, summed)', (r, b) => `${r.idle === undefined ? '–' : mib(r.idle.rssKiB)} → ${b === undefined ? '–' : mib(b.memoryMax.rssKiB)}`, ratio(bs?.memoryMax.rssKiB, bk?.memoryMax.rssKiB)],
    ['PSS idle → max (MiB, summed)', (r, b) => `${r.idle === undefined ? '–' : mib(r.idle.pssKiB)} → ${b === undefined ? '–' : mib(b.memoryMax.pssKiB)}`, ratio(bs?.memoryMax.pssKiB, bk?.memoryMax.pssKiB)],
    ['processes', (r, b) => String(b?.memoryMax.processes ?? r.idle?.processes ?? '–'), ''],
    ['machine busy at that rate (% of a core)', (_r, b) => (b === undefined ? '–' : fmt(b.machineBusyPct)), ''],
    ['load average before that step', (_r, b) => b?.loadBefore ?? '–', ''],
  ];
  const cell = (r: ServerRun | undefined, f: (r: ServerRun, b: StepResult | undefined) => string): string =>
    r === undefined ? 'not run' : r.skipped !== undefined ? 'skipped' : f(r, best(r));
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const values = rows.map(([label, f, q]) => [label, cell(sipd, f), cell(kam, f), q] as const);
  const w1 = Math.max(4, ...values.map((v) => v[1].length));
  const w2 = Math.max(8, ...values.map((v) => v[2].length));
  console.log(`\n== ${scenario.title}: summary`);
  console.log(`  ${''.padEnd(w0)}  ${'sipd'.padEnd(w1)}  ${'kamailio'.padEnd(w2)}  sipd/kamailio`);
  for (const [label, a, b, q] of values) console.log(`  ${label.padEnd(w0)}  ${a.padEnd(w1)}  ${b.padEnd(w2)}  ${q}`);
  for (const r of runs) {
    if (r.skipped !== undefined) {
      console.log(`  ${r.kind}: not measured: ${r.skipped}`);
      continue;
    }
    const failing = r.steps.find((s) => !s.passed);
    if (failing !== undefined) console.log(`  ${r.kind}: first failing step ${String(failing.rate)}/s:\n${failing.why.map((w) => `    - ${w}`).join('\n')}`);
    else console.log(`  ${r.kind}: no step failed (raise --rates to find the limit)`);
    if (r.crash !== undefined) console.log(`  ${r.kind}: ${r.crash}`);
  }
  console.log(`  Kamailio ${scenario.kamailioReference}`);
  console.log('  SIPp response times come in 4 ms steps here (its coarse clock); the probe is µs-exact but round-trip through our own socket.');
}

// ---- users and the S3 database -------------------------------------------------------------------

function userName(i: number): string {
  return `user${String(i).padStart(5, '0')}`;
}

function password(i: number): string {
  return `pw${String(i).padStart(5, '0')}`;
}

/**
 * SIPp's injection file: field0 user, field1 password, field2 the whole `[authentication]`
 * keyword (SIPp 3.6 does not expand [fieldN] inside [authentication …], but does expand a
 * field that holds the keyword).
 */
function writeUsersFile(dir: string): string {
  const lines = ['SEQUENTIAL'];
  for (let i = 1; i <= USERS; i++) lines.push(`${userName(i)};${password(i)};[authentication username=${userName(i)} password=${password(i)}]`);
  const file = path.join(dir, 'users.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface BenchDatabase {
  /** The cfg's DBURL: root without password on loopback, so argv carries no secret. */
  readonly url: string;
  drop(): Promise<void>;
}

const MYSQL_ROOT = { host: '127.0.0.1', port: 3306, user: 'root', password: '' } as const;

function sipctl(args: readonly string[], env: Record<string, string>, cwd: string): void {
  const r = spawnSync(process.execPath, [SIPCTL_BIN, ...args], { env, cwd, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`sipctl ${args.join(' ')} failed (${r.error?.message ?? `exit ${String(r.status)}`}): ${firstLines(`${r.stderr}${r.stdout}`, 6)}`);
}

/** A fresh MariaDB database with the standard tables and USERS subscribers (plaintext passwords too). */
async function createDatabase(cleanup: Cleanup): Promise<BenchDatabase> {
  const name = `sipd_bench_s3_${String(process.pid)}_${randomBytes(3).toString('hex')}`;
  const users = [`${name}_rw`, `${name}_ro`];
  const dir = cleanup.tempDir('bench-s3-db-');
  const drop = async (): Promise<void> => {
    const root = knex({ client: 'mysql2', connection: { ...MYSQL_ROOT }, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 10_000 });
    try {
      await root.raw('DROP DATABASE IF EXISTS ??', [name]);
      const rows: unknown = await root('mysql.user').select('User', 'Host').whereIn('User', users);
      for (const u of Array.isArray(rows) ? (rows as { User: string; Host: string }[]) : []) await root.raw('DROP USER IF EXISTS ?@?', [u.User, u.Host]);
    } finally {
      await root.destroy();
      cleanup.removeDir(dir);
    }
  };
  // sipctl makes its read-write and read-only users too; their passwords are never used.
  const env = cleanEnv({
    HOME: dir,
    DBENGINE: 'MYSQL',
    DBHOST: MYSQL_ROOT.host,
    DBPORT: String(MYSQL_ROOT.port),
    DBNAME: name,
    DBRWUSER: users[0] ?? '',
    DBRWPW: randomBytes(12).toString('hex'),
    DBROUSER: users[1] ?? '',
    DBROPW: randomBytes(12).toString('hex'),
    SIP_DOMAIN: USER_DOMAIN,
    STORE_PLAINTEXT_PW: '1',
  });
  const csv = ['username,password'];
  for (let i = 1; i <= USERS; i++) csv.push(`${userName(i)},${password(i)}`);
  fs.writeFileSync(path.join(dir, 'subscribers.csv'), `${csv.join('\n')}\n`);
  try {
    sipctl(['db', 'create', '--yes'], env, dir);
    sipctl(['subscriber', 'import', path.join(dir, 'subscribers.csv'), '--quiet'], env, dir);
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return { url: `mysql://${MYSQL_ROOT.user}@${MYSQL_ROOT.host}:${String(MYSQL_ROOT.port)}/${name}`, drop };
}

/** What a scenario needs around the server: the users file and, for S3, the database and its DBURL define. */
interface ScenarioSetup {
  readonly usersFile: string | undefined;
  readonly defines: readonly string[];
  readonly database: BenchDatabase | undefined;
}

async function prepare(scenario: Scenario, cleanup: Cleanup): Promise<ScenarioSetup> {
  const usersFile = scenario.users ? writeUsersFile(cleanup.tempDir(`bench-users-${scenario.id}-`)) : undefined;
  if (!scenario.database) return { usersFile, defines: [], database: undefined };
  const database = await createDatabase(cleanup);
  return { usersFile, defines: [`DBURL="${database.url}"`], database };
}

// ---- one server through the rate search ----------------------------------------------------------

async function runServer(kind: ServerKind, scenario: Scenario, o: Options, cleanup: Cleanup): Promise<ServerRun> {
  let setup: ScenarioSetup;
  try {
    setup = await prepare(scenario, cleanup);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    console.log(`  ${kind}: ${scenario.id.toUpperCase()} cannot run: ${why}`);
    return { kind, command: '', skipped: `no database: ${firstLines(why, 1)}`, idle: undefined, steps: [], crash: undefined };
  }
  try {
    return await runPrepared(kind, scenario, o, setup, cleanup);
  } finally {
    await setup.database?.drop();
  }
}

async function runPrepared(kind: ServerKind, scenario: Scenario, o: Options, setup: ScenarioSetup, cleanup: Cleanup): Promise<ServerRun> {
  const rates = o.rates ?? scenario.rates;
  const problem = await checkConfig(kind, scenario.cfgFile, ROOT, cleanup, setup.defines);
  if (problem !== undefined) {
    console.log(`  ${kind}: the cfg is refused, ${scenario.id.toUpperCase()} cannot run:\n${indent(firstLines(problem, 12))}`);
    return { kind, command: '', skipped: `${kind} -c refuses ${path.basename(scenario.cfgFile)}: ${firstLines(problem, 1)}`, idle: undefined, steps: [], crash: undefined };
  }
  const limitSec = rates.length * (o.stepSeconds + Math.ceil(scenario.holdMs / 1000) + 45) + 120;
  const server = await ServerUnderTest.start({ kind, cfgFile: scenario.cfgFile, root: ROOT, limitSec, defines: setup.defines, cleanup });
  console.log(`  ${kind}: ${server.command}`);
  const steps: StepResult[] = [];
  let crash: string | undefined;
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = memoryUse(server.pids());
    console.log(`  ${kind}: idle RSS ${mib(idle.rssKiB)} MiB, PSS ${mib(idle.pssKiB)} MiB over ${String(idle.processes)} process(es)`);
    for (const rate of rates) {
      const step = await runStep(server, scenario, rate, o.stepSeconds, setup.usersFile, cleanup);
      steps.push(step);
      console.log(stepLine(kind, step));
      if (!step.passed) {
        for (const w of step.why) console.log(`      ${w}`);
        break;
      }
      await new Promise((r) => setTimeout(r, scenario.holdMs > 0 ? 3000 : 1500));
    }
    if (!server.alive) crash = `${kind} exited during the run; its last output:\n${indent(server.output.trim().split('\n').slice(-30).join('\n'))}`;
    return { kind, command: server.command, skipped: undefined, idle, steps, crash };
  } finally {
    const status = await server.stop();
    const exit = status.code !== null ? `exit code ${String(status.code)}` : `signal ${String(status.signal)}`;
    const how = status.killed ? `did not exit within 10 s of SIGTERM and was killed (${exit})` : exit;
    console.log(`  ${kind}: stopped: ${how}, ${fmt(status.ms / 1000, 1)} s after SIGTERM`);
    const errors = server.output.trim();
    if (errors !== '' && kind === 'sipd') console.log(`  sipd said (last lines):\n${indent(errors.split('\n').slice(-10).join('\n'))}`);
  }
}

// ---- --profile --------------------------------------------------------------------------------------

function printProfile(summary: ProfileSummary, file: string): void {
  const busy = summary.totalMs - summary.idleMs;
  console.log(`\n== profile ${file}`);
  console.log(`  sampled ${fmt(summary.totalMs)} ms: busy ${fmt(busy)} ms, idle ${fmt(summary.idleMs)} ms, GC ${fmt(summary.gcMs)} ms (${pct(summary.gcMs / Math.max(1, busy))} of busy)`);
  console.log('  top functions by self time (% of busy time):');
  for (const f of summary.functions) console.log(`    ${pct(f.share).padStart(8)}  ${fmt(f.selfMs).padStart(7)} ms  ${f.name}  ${f.location}`);
  console.log('  self time by file:');
  for (const f of summary.files) console.log(`    ${pct(f.share).padStart(8)}  ${fmt(f.selfMs).padStart(7)} ms  ${f.name}`);
}

async function runProfile(scenario: Scenario, o: Options, cleanup: Cleanup): Promise<void> {
  const setup = await prepare(scenario, cleanup);
  try {
    await profilePrepared(scenario, o, setup, cleanup);
  } finally {
    await setup.database?.drop();
  }
}

async function profilePrepared(scenario: Scenario, o: Options, setup: ScenarioSetup, cleanup: Cleanup): Promise<void> {
  const rate = o.rates?.[0] ?? scenario.profileRate;
  const problem = await checkConfig('sipd', scenario.cfgFile, ROOT, cleanup, setup.defines);
  if (problem !== undefined) {
    console.log(`  sipd: the cfg is refused, ${scenario.id.toUpperCase()} cannot be profiled:\n${indent(firstLines(problem, 12))}`);
    return;
  }
  const profileDir = cleanup.tempDir('bench-cpuprof-');
  const server = await ServerUnderTest.start({
    kind: 'sipd',
    cfgFile: scenario.cfgFile,
    root: ROOT,
    limitSec: o.stepSeconds + Math.ceil(scenario.holdMs / 1000) + 120,
    cpuProfileDir: profileDir,
    defines: setup.defines,
    cleanup,
  });
  console.log(`  sipd: ${server.command}`);
  let step: StepResult;
  try {
    step = await runStep(server, scenario, rate, o.stepSeconds, setup.usersFile, cleanup);
    console.log(stepLine('sipd', step));
    for (const w of step.why) console.log(`      ${w}`);
  } finally {
    await server.stop();
  }
  const files = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
  const file = files[0];
  if (file === undefined) {
    console.log(`  no .cpuprofile was written (did sipd exit cleanly?); sipd said:\n${indent(server.output.trim())}`);
    return;
  }
  printProfile(readProfileSummary(path.join(profileDir, file), ROOT, 25), `${file} (sipd, ${scenario.id.toUpperCase()} at ${String(rate)}/s for ${String(o.stepSeconds)} s)`);
}

// ---- main -----------------------------------------------------------------------------------------

function gitCommit(): string {
  try {
    return execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  const cleanup = new Cleanup();
  cleanup.installSignalHandlers();
  console.log(`sip-load: ${process.argv.slice(1).map((a) => path.relative(ROOT, a) || a).join(' ')}`);
  console.log(`  ${new Date().toISOString()}, sipd commit ${gitCommit()}, ${String(os.cpus().length)} CPUs, node ${process.version}, load average ${loadAverage()}`);
  console.log(`  cfg and scenarios from ${PERF_DIR}; step ${String(o.stepSeconds)} s; pass: failed < ${pct(MAX_FAILED)}, retransmissions < ${pct(MAX_RETRANS)}, generated ≥ ${String(MIN_GENERATED * 100)} % of the rate`);
  try {
    for (const scenario of o.scenarios) {
      console.log(`\n== ${scenario.title} (${path.basename(scenario.cfgFile)})`);
      if (o.profile) {
        await runProfile(scenario, o, cleanup);
        continue;
      }
      const runs: ServerRun[] = [];
      for (const kind of o.servers) runs.push(await runServer(kind, scenario, o, cleanup));
      printSummary(scenario, runs);
    }
    console.log(`\n  load average at the end ${loadAverage()}`);
    return 0;
  } catch (err) {
    console.log(`\nsip-load: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    cleanup.run();
  }
}

process.exitCode = await main();
