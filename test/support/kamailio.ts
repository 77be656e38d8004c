/**
 * Starts a real Kamailio (the Debian package's /usr/sbin/kamailio) for interop tests: control
 * protocols, database interop, SIP. Everything it writes lives in a fresh temp dir, which
 * stop() removes together with the process.
 *
 * ```ts
 * const k = await startKamailio({ cfg: (dir) => `...cfg text using ${dir}...`, waitFor: { paths: [...], tcpPorts: [...] } });
 * try { ... } finally { await k.stop(); }
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

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
