/**
 * Starts a real Kamailio (the Debian package's /usr/sbin/kamailio) for interop tests: control
 * protocols, database interop, SIP. Everything it writes lives in a fresh temp dir, which
 * stop() removes together with the process.
 *
 * ```ts
 * const k = await startKamailio({
 *   cfg: (dir) => kamailioCfg({ listen: [`udp:127.0.0.1:${port}`], modules: ['sl', 'ctl'], modparams: { ctl: { binrpc: `unix:${dir}/run/kamailio_ctl` } }, routes: '...' }),
 *   waitFor: { paths: ['run/kamailio_ctl'] },
 * });
 * try { ... } finally { await k.stop(); }
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { options as sipOptions, udpExchange } from './sipd.js';

export const KAMAILIO_BINARY = process.env.KAMAILIO_BINARY ?? '/usr/sbin/kamailio';
export const KAMAILIO_MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules';

export interface StartKamailioOptions {
  /** The configuration text, or a function of the temp dir that returns it. */
  readonly cfg: string | ((dir: string) => string);
  /** Extra command-line arguments, after ours (`-f cfg -DD -E -Y run -P pid -w dir -m 64 -M 8`). */
  readonly args?: readonly string[];
  /**
   * What must exist before the start counts as done: files (sockets, FIFOs; relative paths are
   * taken from the temp dir, e.g. `run/kamailio_ctl`) and TCP ports on 127.0.0.1.
   */
  readonly waitFor?: { readonly paths?: readonly string[]; readonly tcpPorts?: readonly number[] };
  /** Give up after this many ms. Default 20000. */
  readonly startTimeoutMs?: number;
  /** Name prefix of the temp dir. */
  readonly prefix?: string;
}

export interface RunningKamailio {
  readonly pid: number;
  /** The temp dir: cfg file, runtime dir `run/`, pid file, anything the cfg puts there. */
  readonly dir: string;
  /** The runtime dir passed with -Y. */
  readonly runDir: string;
  readonly cfgPath: string;
  /** Everything Kamailio logged to stderr so far. */
  stderr(): string;
  /** Stops Kamailio (SIGTERM, then SIGKILL to its process group) and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** True when the binary is installed. */
export function kamailioAvailable(): boolean {
  try {
    fs.accessSync(KAMAILIO_BINARY, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the suite cannot run, or undefined when it can. In CI a missing Kamailio is an error
 * (thrown), not a skip.
 */
export function kamailioSkipReason(): string | undefined {
  if (kamailioAvailable()) return undefined;
  const reason = `${KAMAILIO_BINARY} is not installed (apt-get install kamailio kamailio-json-modules)`;
  if (process.env.CI === 'true') throw new Error(`CI needs a real Kamailio: ${reason}`);
  return reason;
}

/** Skips the test (`if (skipWithoutKamailio(t)) return;`) when the suite cannot run; throws in CI. */
export function skipWithoutKamailio(t: TestContext): boolean {
  const reason = kamailioSkipReason();
  if (reason === undefined) return false;
  t.skip(reason);
  return true;
}

/** A modparam value: a string is quoted, a number is not; a list repeats the parameter (ctl's binrpc). */
export type ModparamValue = string | number | readonly (string | number)[];

export interface KamailioCfgOptions {
  /** One listen= line each. TCP runs (one TCP worker) only when one of them is `tcp:`; otherwise disable_tcp=yes. */
  readonly listen: readonly string[];
  /** More core settings, one a line, after the listen= lines (`alias=…`, `use_dns_cache=off`). */
  readonly core?: readonly string[];
  /** Module names without `.so`, loaded in this order from KAMAILIO_MODULES. */
  readonly modules: readonly string[];
  /** modparam lines, by module and parameter name, in this order. */
  readonly modparams?: Readonly<Record<string, Readonly<Record<string, ModparamValue>>>>;
  /** request_route and any other route blocks. */
  readonly routes: string;
}

/**
 * A kamailio.cfg for a test: one forking SIP worker, no DNS and no automatic aliases, the
 * listen= lines, modules and modparams given, then the routes.
 */
export function kamailioCfg(options: KamailioCfgOptions): string {
  const tcp = options.listen.some((address) => address.startsWith('tcp:'));
  const value = (v: string | number): string => (typeof v === 'number' ? String(v) : `"${v}"`);
  const modparams = Object.entries(options.modparams ?? {}).flatMap(([module, params]) =>
    Object.entries(params).flatMap(([name, values]) => (Array.isArray(values) ? values : [values]).map((v: string | number) => `modparam("${module}", "${name}", ${value(v)})`)),
  );
  return [
    '#!KAMAILIO',
    'debug=2',
    'log_stderror=yes',
    'fork=yes',
    'children=1',
    tcp ? 'tcp_children=1' : 'disable_tcp=yes',
    'auto_aliases=no',
    'dns=no',
    'rev_dns=no',
    ...options.listen.map((address) => `listen=${address}`),
    ...(options.core ?? []),
    `mpath="${KAMAILIO_MODULES}/"`,
    '',
    ...options.modules.map((module) => `loadmodule "${module}.so"`),
    '',
    ...modparams,
    '',
    options.routes,
  ].join('\n');
}

/** The event route that answers JSON-RPC over HTTP at /RPC (xhttp and jsonrpcs). */
export const JSONRPC_HTTP_ROUTE = `event_route[xhttp:request] {
	set_reply_close();
	set_reply_no_connect();
	if ($hu =~ "^/RPC") {
		jsonrpc_dispatch();
		exit;
	}
	xhttp_reply("404", "Not Found", "text/plain", "wrong URL");
	exit;
}
`;

/** A port that was free on 127.0.0.1 a moment ago (bind to 0, read, close). */
export async function freePort(proto: 'tcp' | 'udp' = 'tcp'): Promise<number> {
  if (proto === 'udp') {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', resolve);
    });
    const { port } = socket.address();
    await new Promise<void>((resolve) => {
      socket.close(resolve);
    });
    return port;
  }
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** A port free for both TCP and UDP (SIP listens on both). Tries at most 20 candidates. */
export async function freeTcpUdpPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freePort('tcp');
    const socket = dgram.createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      socket.once('error', () => {
        resolve(false);
      });
      socket.bind(port, '127.0.0.1', () => {
        resolve(true);
      });
    });
    await new Promise<void>((resolve) => {
      socket.close(() => {
        resolve();
      });
    });
    if (ok) return port;
  }
  throw new Error('no port free for both TCP and UDP');
}

export async function startKamailio(options: StartKamailioOptions): Promise<RunningKamailio> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? 'sipctl-kamailio-'));
  const runDir = path.join(dir, 'run');
  fs.mkdirSync(runDir);
  const cfgPath = path.join(dir, 'kamailio.cfg');
  const pidFile = path.join(runDir, 'kamailio.pid');
  fs.writeFileSync(cfgPath, typeof options.cfg === 'string' ? options.cfg : options.cfg(dir));
  const args = ['-f', cfgPath, '-DD', '-E', '-Y', runDir, '-P', pidFile, '-w', dir, '-m', '64', '-M', '8', ...(options.args ?? [])];

  let log = '';
  const child: ChildProcess = spawn(KAMAILIO_BINARY, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const append = (chunk: Buffer): void => {
    // Keep the last 2 MiB at most.
    log = (log + chunk.toString('utf8')).slice(-2 * 1024 * 1024);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (error) => {
      append(Buffer.from(`\nspawn error: ${error.message}\n`));
      exited = true;
      resolve();
    });
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const pid = child.pid;
    if (pid !== undefined && !exited) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const graceful = await Promise.race([exit.then(() => true), delay(5000).then(() => false)]);
      if (!graceful) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await Promise.race([exit, delay(2000)]);
      }
    }
    // Children of Kamailio share its process group: make sure none outlives the test.
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // none left
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const running: RunningKamailio = { pid: child.pid ?? -1, dir, runDir, cfgPath, stderr: () => log, stop };
  try {
    if (child.pid === undefined) throw new Error('kamailio did not start');
    await waitUntilUp(options, dir, () => exited, options.startTimeoutMs ?? 20000);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const output = log;
    await stop();
    throw new Error(`Kamailio did not come up: ${message}\n--- kamailio output ---\n${output.slice(-8000)}`, { cause: error });
  }
  return running;
}

/**
 * startKamailio, then waits (15 s at most) until Kamailio answers an OPTIONS on UDP `port` of
 * 127.0.0.1: its SIP receivers are forked after the start. Stops it when it never answers.
 */
export async function startKamailioAnswering(options: StartKamailioOptions, port: number): Promise<RunningKamailio> {
  const k = await startKamailio(options);
  const deadline = Date.now() + 15_000;
  while ((await udpExchange(port, sipOptions(port), 300)) === null) {
    if (Date.now() > deadline) {
      const log = k.stderr();
      await k.stop();
      throw new Error(`Kamailio did not answer OPTIONS on udp 127.0.0.1:${String(port)}: ${log.slice(-3000)}`);
    }
  }
  return k;
}

async function waitUntilUp(options: StartKamailioOptions, dir: string, hasExited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const paths = (options.waitFor?.paths ?? []).map((p) => path.resolve(dir, p));
  const ports = options.waitFor?.tcpPorts ?? [];
  // Polls every 100 ms until the deadline.
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the process exited during start-up');
    const missing = paths.filter((p) => !fs.existsSync(p));
    if (missing.length === 0) {
      const closed: number[] = [];
      for (const port of ports) if (!(await tcpOpen(port))) closed.push(port);
      if (closed.length === 0) return;
    }
    await delay(100);
  }
  throw new Error(`not ready within ${timeoutMs} ms (waiting for ${[...paths, ...ports.map((p) => `tcp:127.0.0.1:${p}`)].join(', ')})`);
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
