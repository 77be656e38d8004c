/**
 * Starts every control server of an RpcServerSet in the test process, on private paths under a
 * fresh temp dir and free loopback ports, with the capture-shaped test methods registered.
 * stop() stops them and removes the temp dir; safe to call twice.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RpcRegistry } from '../../../src/rpc/server/registry.js';
import { RpcServerSet, type RpcServerSetConfig } from '../../../src/rpc/server/rpc-server-set.js';
import type { RpcServerLimits } from '../../../src/rpc/server/limits.js';
import type { RpcServerLogger } from '../../../src/rpc/server/server-logger.js';
import { freePort } from '../../support/kamailio.js';
import { captureMethods } from './capture-methods.js';

export interface RunningServers {
  readonly dir: string;
  readonly set: RpcServerSet;
  readonly registry: RpcRegistry;
  /** Control URLs by transport. */
  readonly urls: {
    readonly unix: string;
    readonly tcp: string;
    readonly udp: string;
    readonly unixd: string;
    readonly fifo: string;
    readonly jsonunixd: string;
    readonly http: string;
  };
  readonly paths: { readonly ctl: string; readonly ctlDgram: string; readonly fifo: string; readonly rpcSock: string };
  readonly ports: { readonly tcp: number; readonly udp: number; readonly http: number };
  /** The FIFO server's reply dir (kamctl makes its reply FIFOs in /tmp). */
  readonly replyDir: string;
  readonly logged: { level: string; message: string; details: Record<string, unknown> }[];
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly limits?: Partial<RpcServerLimits>;
  readonly replyDir?: string;
  readonly handlerTimeoutMs?: number;
}

export async function startServers(options: StartOptions = {}): Promise<RunningServers> {
  // Short: unix socket paths must stay under 108 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpcsrv-'));
  const run = path.join(dir, 'run');
  const tcp = await freePort('tcp');
  const udp = await freePort('udp');
  const http = await freePort('tcp');
  const replyDir = options.replyDir ?? '/tmp/';
  const paths = { ctl: path.join(run, 'sipd_ctl'), ctlDgram: path.join(run, 'sipd_ctl.dgram'), fifo: path.join(run, 'sipd_rpc.fifo'), rpcSock: path.join(run, 'sipd_rpc.sock') };
  const limits = options.limits ?? {};
  const config: RpcServerSetConfig = {
    binrpc: [
      { transport: 'unix-stream', path: paths.ctl },
      { transport: 'tcp', host: '127.0.0.1', port: tcp },
      { transport: 'udp', host: '127.0.0.1', port: udp },
      { transport: 'unix-dgram', path: paths.ctlDgram },
    ],
    binrpcLimits: limits,
    jsonrpc: {
      fifo: { path: paths.fifo, replyDir },
      datagram: { address: { path: paths.rpcSock } },
      http: { host: '127.0.0.1', port: http },
      limits,
    },
  };
  const logged: RunningServers['logged'] = [];
  const record =
    (level: string) =>
    (details: Record<string, unknown>, message: string): void => {
      logged.push({ level, message, details });
    };
  const logger: RpcServerLogger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const registry = new RpcRegistry();
  registry.register(captureMethods(), 'test');
  const set = new RpcServerSet(registry, config, options.handlerTimeoutMs === undefined ? { logger } : { logger, handlerTimeoutMs: options.handlerTimeoutMs });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      await set.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await set.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    dir,
    set,
    registry,
    urls: {
      unix: `unix:${paths.ctl}`,
      tcp: `tcp:127.0.0.1:${tcp}`,
      udp: `udp:127.0.0.1:${udp}`,
      unixd: `unixd:${paths.ctlDgram}`,
      fifo: `fifo:${paths.fifo}`,
      jsonunixd: `jsonunixd:${paths.rpcSock}`,
      http: `http://127.0.0.1:${http}/RPC`,
    },
    paths,
    ports: { tcp, udp, http },
    replyDir,
    logged,
    stop,
  };
}

/** Why a real tool cannot be used, or undefined. Under CI=true a missing tool is an error. */
export function toolSkipReason(binary: string): string | undefined {
  try {
    fs.accessSync(binary, fs.constants.X_OK);
    return undefined;
  } catch {
    const reason = `${binary} is not installed (apt-get install kamailio)`;
    if (process.env.CI === 'true') throw new Error(`CI needs ${reason}`);
    return reason;
  }
}

export interface ToolRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs a tool with a deadline; never rejects for a non-zero exit. */
export function runTool(binary: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 15_000): Promise<ToolRun> {
  return new Promise<ToolRun>((resolve, reject) => {
    execFile(binary, [...args], { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, cwd: os.tmpdir() }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`${binary} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ stdout, stderr, code: error === null ? 0 : Number(error.code) });
    });
  });
}

/**
 * Output with the volatile parts of the captures blanked: ctime dates, then every number
 * (uptime, expiry times, pids, ids). What remains is the shape: keys, order, layout, strings.
 */
export function normalise(text: string): string {
  return text
    .replace(/^exit=\d+\n?/m, '')
    .replace(/[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}/g, '<date>')
    .replace(/-?\d+/g, 'N');
}
