/**
 * The two servers compared: sipd (`node bin/sipd.js`) and the real Kamailio
 * (`/usr/sbin/kamailio`), each started in the foreground on the very cfg file of
 * ../shared/reference/perf/kamailio with its own temp dir for the control sockets, FIFO and pid
 * file, passed as quoted string defines (`-A 'RPCFIFO="/tmp/…/rpc.fifo"'`): Kamailio's -A
 * and sipd's keep everything after '=' as the define's text, which the preprocessor then reads
 * as a quoted string token.
 */
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { BoundedProcess, type Cleanup } from './bounded-process.js';
import { descendants } from './proc-stats.js';

export type ServerKind = 'sipd' | 'kamailio';

export const KAMAILIO_BINARY = process.env.KAMAILIO_BINARY ?? '/usr/sbin/kamailio';
export const SIP_HOST = '127.0.0.1';
/** What common.inc listens on. */
export const SIP_PORT = 5070;

export interface ServerOptions {
  readonly kind: ServerKind;
  readonly cfgFile: string;
  /** The package root, where bin/sipd.js is. */
  readonly root: string;
  /** Outer time limit for the whole life of the server. */
  readonly limitSec: number;
  /** sipd only: run under `node --cpu-prof`, writing the profile into this dir. */
  readonly cpuProfileDir?: string;
  /** More `-A` defines for the cfg, as `NAME="text"` (S3's DBURL). Never a secret: argv is public. */
  readonly defines?: readonly string[];
  readonly cleanup: Cleanup;
}

function defines(dir: string, extra: readonly string[] = []): string[] {
  return ['-A', `RPCFIFO="${path.join(dir, 'rpc.fifo')}"`, '-A', `CTLSOCK="unixs:${path.join(dir, 'ctl.sock')}"`, ...extra.flatMap((d) => ['-A', d])];
}

function commandFor(o: ServerOptions, dir: string): { command: string; args: string[] } {
  if (o.kind === 'kamailio') {
    return {
      command: KAMAILIO_BINARY,
      args: ['-f', o.cfgFile, '-DD', '-E', '-m', '1024', '-Y', dir, '-P', path.join(dir, 'kamailio.pid'), ...defines(dir, o.defines)],
    };
  }
  const node = o.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', o.cpuProfileDir];
  return {
    command: process.execPath,
    args: [...node, path.join(o.root, 'bin', 'sipd.js'), '-f', o.cfgFile, '-D', '-E', '-Y', dir, '-P', path.join(dir, 'sipd.pid'), ...defines(dir, o.defines)],
  };
}

/** `sipd -c` / `kamailio -c` on the cfg with the same defines: undefined when it is accepted, else the checker's output. */
export async function checkConfig(kind: ServerKind, cfgFile: string, root: string, cleanup: Cleanup, extraDefines: readonly string[] = []): Promise<string | undefined> {
  const dir = cleanup.tempDir(`bench-check-${kind}-`);
  const [command, args] =
    kind === 'kamailio'
      ? [KAMAILIO_BINARY, ['-c', '-f', cfgFile, ...defines(dir, extraDefines)]]
      : [process.execPath, [path.join(root, 'bin', 'sipd.js'), '-c', '-f', cfgFile, ...defines(dir, extraDefines)]];
  try {
    return await new Promise<string | undefined>((resolve) => {
      execFile('timeout', ['-k', '5', '60', command, ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
        resolve(err === null ? undefined : `${stdout}${stderr}`.trim() || err.message);
      });
    });
  } finally {
    cleanup.removeDir(dir);
  }
}

/** True when nothing is bound to udp:host:port. */
export async function udpPortFree(port: number, host = SIP_HOST): Promise<boolean> {
  const s = dgram.createSocket('udp4');
  return new Promise<boolean>((resolve) => {
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, host, () => {
      s.close(() => {
        resolve(true);
      });
    });
  });
}

/** Waits until a UDP port is bound by someone (SIPp's UAS, for instance). */
export async function waitUdpBound(port: number, timeoutMs: number, host = SIP_HOST): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!(await udpPortFree(port, host))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Waits until nothing is bound to udp:host:port any more. */
export async function waitUdpFree(port: number, timeoutMs: number, host = SIP_HOST): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await udpPortFree(port, host)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function processExists(pid: number): boolean {
  return fs.existsSync(`/proc/${String(pid)}`);
}

export interface StopResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** From SIGTERM until the last of the server's processes was gone. */
  readonly ms: number;
  /** True when SIGTERM was not enough and the group was killed. */
  readonly killed: boolean;
}

/** One request that both cfgs answer statelessly (S1: 200, S4: 404 for a To-tagged non-ACK). */
async function answers(timeoutMs: number): Promise<boolean> {
  const s = dgram.createSocket('udp4');
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      s.close();
      resolve(ok);
    };
    const timer = setTimeout(() => {
      done(false);
    }, timeoutMs);
    s.once('message', () => {
      done(true);
    });
    s.once('error', () => {
      done(false);
    });
    s.bind(0, SIP_HOST, () => {
      const local = `${SIP_HOST}:${String(s.address().port)}`;
      const text =
        `OPTIONS sip:ready@${SIP_HOST}:${String(SIP_PORT)} SIP/2.0\r\nVia: SIP/2.0/UDP ${local};branch=z9hG4bKready${String(Date.now())}\r\n` +
        `Max-Forwards: 70\r\nFrom: <sip:bench@${local}>;tag=ready\r\nTo: <sip:ready@${SIP_HOST}>;tag=ready\r\n` +
        `Call-ID: ready-${String(Date.now())}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
      s.send(text, SIP_PORT, SIP_HOST);
    });
  });
}

export class ServerUnderTest {
  readonly kind: ServerKind;
  readonly dir: string;
  readonly #process: BoundedProcess;
  readonly #cleanup: Cleanup;

  private constructor(kind: ServerKind, dir: string, proc: BoundedProcess, cleanup: Cleanup) {
    this.kind = kind;
    this.dir = dir;
    this.#process = proc;
    this.#cleanup = cleanup;
  }

  /** Starts the server and waits until it answers on 127.0.0.1:5070 (throws with its output if it does not). */
  static async start(o: ServerOptions): Promise<ServerUnderTest> {
    // A server stopped a moment ago may still be tearing down a large heap: give it 15 s.
    if (!(await waitUdpFree(SIP_PORT, 15_000))) throw new Error(`udp:${SIP_HOST}:${String(SIP_PORT)} is already in use: another server is running there`);
    const dir = o.cleanup.tempDir(`bench-${o.kind}-`);
    const { command, args } = commandFor(o, dir);
    const proc = new BoundedProcess(command, args, { cwd: dir, limitSec: o.limitSec, cleanup: o.cleanup });
    const server = new ServerUnderTest(o.kind, dir, proc, o.cleanup);
    const until = Date.now() + 20_000;
    while (Date.now() < until && !proc.exited) {
      if (await answers(300)) return server;
    }
    const status = await server.stop();
    throw new Error(`${o.kind} did not start (exit ${String(status.code)}): ${proc.command}\n${proc.output.trim()}`);
  }

  get command(): string {
    return this.#process.command;
  }

  get alive(): boolean {
    return !this.#process.exited && this.pids().length > 0;
  }

  get output(): string {
    return this.#process.output;
  }

  /** The server's processes (Kamailio: main and workers; sipd: one). */
  pids(): number[] {
    const wrapper = this.#process.wrapperPid;
    return wrapper === undefined || this.#process.exited ? [] : descendants(wrapper);
  }

  /**
   * SIGTERM to the group, SIGKILL after `graceMs`; waits until every process of the server
   * has disappeared from /proc (up to 15 s more), then removes the temp dir.
   */
  async stop(graceMs = 10_000): Promise<StopResult> {
    const pids = this.pids();
    const t0 = Date.now();
    const status = await this.#process.stop('SIGTERM', graceMs);
    const until = Date.now() + 15_000;
    while (pids.some(processExists) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (fs.existsSync(this.dir)) this.#cleanup.removeDir(this.dir);
    // The wrapper passes SIGTERM on and exits with its child's status; 137 or a null code
    // means the group got SIGKILL.
    const killed = status.signal === 'SIGKILL' || status.code === 137;
    return { ...status, ms: Date.now() - t0, killed };
  }
}
