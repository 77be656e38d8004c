/**
 * Runs SIPp (Debian package sip-tester, /usr/bin/sipp) from tests: a built-in scenario
 * (`uac`, `uas`, …) or a scenario file, bounded by a call count and timeouts, with its exit
 * code explained and its final statistics read from the `-trace_stat` CSV.
 *
 * ```ts
 * const uas = startSipp({ scenario: 'uas', localPort: uasPort, calls: 5 });
 * await waitForPort('udp', uasPort);
 * const uac = await runSipp({ scenario: 'uac', remote: `127.0.0.1:${proxyPort}`, localPort, calls: 5, rate: 10 });
 * assert.equal(uac.exitCode, 0, describeSipp(uac));
 * await uas.done;
 * ```
 *
 * Everything SIPp writes (statistics, error and message logs) goes to a temp dir that is
 * removed afterwards unless `keepFiles` is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SIPP_BINARY = process.env.SIPP_BINARY ?? '/usr/bin/sipp';

/** SIPp's built-in scenarios (`-sn`). */
export type SippBuiltin = 'uac' | 'uas' | 'regexp' | 'branchc' | 'branchs' | 'uac_pcap' | '3pcc-A' | '3pcc-B' | '3pcc-C-A' | '3pcc-C-B';

/** `-t`: u1 one UDP socket, un one per call, t1 one TCP connection, tn one per call. */
export type SippTransport = 'u1' | 'un' | 't1' | 'tn';

export interface SippOptions {
  /** A built-in scenario name, or the path of a scenario XML file. */
  readonly scenario: SippBuiltin | (string & Record<never, never>);
  /** `host:port` to send to (UAC); omitted for a UAS. */
  readonly remote?: string;
  /** `-i`: local address (default 127.0.0.1). */
  readonly localIp?: string;
  /** `-p`: local port. */
  readonly localPort: number;
  readonly transport?: SippTransport;
  /** `-m`: stop after this many calls (always give one, so the run ends). */
  readonly calls: number;
  /** `-r`: calls per second (per `ratePeriodMs`). */
  readonly rate?: number;
  /** `-rp`: the rate period in ms (default 1000). */
  readonly ratePeriodMs?: number;
  /** `-l`: most simultaneous calls. */
  readonly limit?: number;
  /** `-d`: the `<pause/>` length in ms (call hold time of the built-in uac). */
  readonly callDurationMs?: number;
  /** `-timeout`: global timeout in seconds; SIPp stops when it is reached (default 30). */
  readonly timeoutSec?: number;
  /** `-recv_timeout`: a call fails when an expected message does not come within this many ms. */
  readonly recvTimeoutMs?: number;
  /** `-s`: the user part of the Request-URI of the built-in uac (default "service"). */
  readonly service?: string;
  /** `-inf`: the injection file whose fields ([field0] …) the scenario reads, one call per line. */
  readonly injectionFile?: string;
  /** `-trace_msg`: log every message to the message file (read back into `messages`). */
  readonly traceMessages?: boolean;
  readonly extraArgs?: readonly string[];
  /** Kill SIPp if it has not ended this long after the global timeout (default +10 s). */
  readonly hardTimeoutMs?: number;
  /** Keep the temp dir with SIPp's files (its path is in the result). */
  readonly keepFiles?: boolean;
}

/** Final counters from SIPp's `-trace_stat` file (cumulative values). */
export interface SippStats {
  readonly successfulCalls: number;
  readonly failedCalls: number;
  readonly outgoingCalls: number;
  readonly incomingCalls: number;
  readonly totalCallsCreated: number;
  readonly currentCalls: number;
  readonly retransmissions: number;
  readonly outOfCallMessages: number;
  readonly deadCallMessages: number;
  readonly warnings: number;
  readonly fatalErrors: number;
  /** The nonzero Failed*(C) counters by name (FailedMaxUDPRetrans, FailedUnexpectedMessage …). */
  readonly failures: Readonly<Record<string, number>>;
  /** Every column of the last row, as written. */
  readonly raw: Readonly<Record<string, string>>;
}

export interface SippResult {
  /** The process exit code (null when killed by a signal). */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What the exit code means. */
  readonly meaning: string;
  readonly stats: SippStats | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The error log (`-trace_err`). */
  readonly errors: string;
  /** The message log, with `traceMessages`. */
  readonly messages: string;
  readonly elapsedMs: number;
  /** The command line, for failure messages. */
  readonly command: string;
  /** The temp dir, when `keepFiles`. */
  readonly dir: string | null;
}

export interface RunningSipp {
  readonly pid: number | undefined;
  /** Resolves when SIPp exits. Never rejects. */
  readonly done: Promise<SippResult>;
  /** Asks SIPp to stop (SIGUSR1 = "quit after current calls", then SIGTERM, then SIGKILL) and waits for it. */
  stop(graceMs?: number): Promise<SippResult>;
}

/** True when the binary is installed. */
export function sippAvailable(): boolean {
  try {
    fs.accessSync(SIPP_BINARY, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why SIPp tests cannot run, or undefined when they can. In CI a missing SIPp is an error. */
export function sippSkipReason(): string | undefined {
  if (sippAvailable()) return undefined;
  const reason = `${SIPP_BINARY} is not installed (apt-get install sip-tester)`;
  if (process.env.CI === 'true') throw new Error(`CI needs SIPp: ${reason}`);
  return reason;
}

/** The meaning of a SIPp exit code (SIPp's documentation, "Exit codes"). */
export function sippExitMeaning(code: number | null): string {
  switch (code) {
    case 0:
      return 'all calls were successful';
    case 1:
      return 'at least one call failed';
    case 97:
      return 'exit on internal command (calls may have been processed)';
    case 99:
      return 'normal exit without calls processed';
    case 255:
    case -1:
      return 'fatal error';
    case 254:
    case -2:
      return 'fatal error binding a socket';
    case null:
      return 'killed by a signal';
    default:
      return `unknown exit code ${String(code)}`;
  }
}

function num(raw: Readonly<Record<string, string>>, key: string): number {
  const v = raw[key];
  if (v === undefined) return 0;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : 0;
}

/** Parses SIPp's `-trace_stat` CSV (`;`-separated, header row first) into the last row's counters. */
export function parseSippStats(csv: string): SippStats | null {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = lines[0];
  const last = lines[lines.length - 1];
  if (header === undefined || last === undefined || lines.length < 2) return null;
  const names = header.split(';');
  const values = last.split(';');
  const raw: Record<string, string> = {};
  names.forEach((name, i) => {
    if (name.length > 0) raw[name] = values[i] ?? '';
  });
  const failures: Record<string, number> = {};
  for (const name of names) {
    const m = /^(Failed\w+)\(C\)$/.exec(name);
    if (m?.[1] !== undefined && m[1] !== 'FailedCall' && num(raw, name) > 0) failures[m[1]] = num(raw, name);
  }
  return {
    successfulCalls: num(raw, 'SuccessfulCall(C)'),
    failedCalls: num(raw, 'FailedCall(C)'),
    outgoingCalls: num(raw, 'OutgoingCall(C)'),
    incomingCalls: num(raw, 'IncomingCall(C)'),
    totalCallsCreated: num(raw, 'TotalCallCreated'),
    currentCalls: num(raw, 'CurrentCall'),
    retransmissions: num(raw, 'Retransmissions(C)'),
    outOfCallMessages: num(raw, 'OutOfCallMsgs(C)'),
    deadCallMessages: num(raw, 'DeadCallMsgs(C)'),
    warnings: num(raw, 'Warnings(C)'),
    fatalErrors: num(raw, 'FatalErrors(C)'),
    failures,
    raw,
  };
}

/** The SIPp command line for `options` (files go to `dir`). */
export function sippArgs(options: SippOptions, dir: string): string[] {
  const args: string[] = [];
  if (options.remote !== undefined) args.push(options.remote);
  const builtin = !options.scenario.includes('/') && !options.scenario.endsWith('.xml');
  args.push(builtin ? '-sn' : '-sf', options.scenario);
  args.push('-i', options.localIp ?? '127.0.0.1', '-p', String(options.localPort));
  args.push('-t', options.transport ?? 'u1');
  args.push('-m', String(options.calls));
  if (options.rate !== undefined) args.push('-r', String(options.rate));
  if (options.ratePeriodMs !== undefined) args.push('-rp', String(options.ratePeriodMs));
  if (options.limit !== undefined) args.push('-l', String(options.limit));
  if (options.callDurationMs !== undefined) args.push('-d', String(options.callDurationMs));
  if (options.recvTimeoutMs !== undefined) args.push('-recv_timeout', String(options.recvTimeoutMs));
  if (options.service !== undefined) args.push('-s', options.service);
  if (options.injectionFile !== undefined) args.push('-inf', options.injectionFile);
  args.push('-timeout', `${String(options.timeoutSec ?? 30)}s`, '-timeout_error');
  args.push('-nostdin', '-trace_stat', '-stf', path.join(dir, 'stats.csv'), '-fd', '1');
  args.push('-trace_err', '-error_file', path.join(dir, 'errors.log'));
  if (options.traceMessages === true) args.push('-trace_msg', '-message_file', path.join(dir, 'messages.log'));
  args.push(...(options.extraArgs ?? []));
  return args;
}

function readIf(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Starts SIPp in the background. */
export function startSipp(options: SippOptions): RunningSipp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipp-'));
  const args = sippArgs(options, dir);
  const command = [SIPP_BINARY, ...args].join(' ');
  const started = Date.now();
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  const done = new Promise<SippResult>((resolve) => {
    child = spawn(SIPP_BINARY, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (stdout.length > 200_000) stdout = stdout.slice(-100_000);
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const hard = setTimeout(
      () => {
        child.kill('SIGKILL');
      },
      (options.timeoutSec ?? 30) * 1000 + (options.hardTimeoutMs ?? 10_000),
    );
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(hard);
      const result: SippResult = {
        exitCode,
        signal,
        meaning: sippExitMeaning(exitCode),
        stats: parseSippStats(readIf(path.join(dir, 'stats.csv'))),
        stdout,
        stderr,
        errors: readIf(path.join(dir, 'errors.log')),
        messages: readIf(path.join(dir, 'messages.log')),
        elapsedMs: Date.now() - started,
        command,
        dir: options.keepFiles === true ? dir : null,
      };
      if (options.keepFiles !== true) fs.rmSync(dir, { recursive: true, force: true });
      resolve(result);
    };
    child.on('error', (err) => {
      stderr += `\nspawn failed: ${err.message}`;
      finish(null, null);
    });
    child.on('exit', (code, signal) => {
      finish(code, signal);
    });
  });
  return {
    get pid() {
      return child.pid;
    },
    done,
    stop: async (graceMs = 3000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGUSR1');
        const t1 = setTimeout(() => child.kill('SIGTERM'), graceMs);
        const t2 = setTimeout(() => child.kill('SIGKILL'), graceMs * 2);
        const r = await done;
        clearTimeout(t1);
        clearTimeout(t2);
        return r;
      }
      return done;
    },
  };
}

/** Runs SIPp to the end. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  return startSipp(options).done;
}

/** A one-paragraph account of a run for assertion messages. */
export function describeSipp(r: SippResult): string {
  const s = r.stats;
  const counts = s === null ? 'no statistics' : `successful ${String(s.successfulCalls)}, failed ${String(s.failedCalls)} ${JSON.stringify(s.failures)}, retransmissions ${String(s.retransmissions)}`;
  return `${r.command}\n-> exit ${String(r.exitCode)} (${r.meaning}); ${counts}\nerrors:\n${r.errors.slice(0, 4000)}\nstderr:\n${r.stderr.slice(0, 2000)}`;
}

async function bindUdp(port: number, host: string): Promise<boolean> {
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  return new Promise<boolean>((resolve) => {
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => {
      socket.close(() => {
        resolve(true);
      });
    });
  });
}

async function bindTcp(port: number, host: string): Promise<number | null> {
  const server = net.createServer();
  return new Promise<number | null>((resolve) => {
    server.once('error', () => {
      resolve(null);
    });
    server.listen(port, host, () => {
      const a = server.address();
      const p = typeof a === 'object' && a !== null ? a.port : null;
      server.close(() => {
        resolve(p);
      });
    });
  });
}

/**
 * A port free a moment ago on `host` for `proto` ('both': free on UDP and TCP alike, for
 * servers that listen on both, like SIPp with `-t t1` or a proxy with two transports).
 */
export async function freePort(proto: 'udp' | 'tcp' | 'both' = 'both', host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindTcp(0, host);
    if (port === null) continue;
    if (proto === 'tcp') return port;
    if (await bindUdp(port, host)) return port;
  }
  throw new Error(`no free ${proto} port on ${host}`);
}

/** Several distinct free ports. */
export async function freePorts(count: number, proto: 'udp' | 'tcp' | 'both' = 'both', host = '127.0.0.1'): Promise<number[]> {
  const out: number[] = [];
  while (out.length < count) {
    const p = await freePort(proto, host);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** Waits until something listens on host:port (UDP: the port can no longer be bound; TCP: a connect succeeds). */
export async function waitForPort(proto: 'udp' | 'tcp', port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proto === 'udp') {
      if (!(await bindUdp(port, host))) return;
    } else {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host, port }, () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => {
          resolve(false);
        });
      });
      if (ok) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${proto}:${host}:${String(port)} after ${String(timeoutMs)} ms`);
}
