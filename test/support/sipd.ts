/** Runs the real sipd binary for tests: foreground or background, on free ports, with a private runtime directory. */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './sipctl.js';

export const SIPD_BIN = path.join(REPO_ROOT, 'bin', 'sipd.js');
export const DAEMON_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'daemon');

/** A port free for both UDP and TCP on 127.0.0.1. */
export async function freeSipPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => {
          resolve(typeof a === 'object' && a !== null ? a.port : 0);
        });
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => {
        resolve(false);
      });
      u.bind(port, '127.0.0.1', () => {
        u.close(() => {
          resolve(true);
        });
      });
    });
    if (udpFree) return port;
  }
  throw new Error('no free port');
}

export interface RunningSipd {
  readonly port: number;
  readonly dir: string;
  readonly ctl: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** SIGTERM, wait for the exit; returns the exit code. */
  stop(): Promise<number | null>;
}

/** Starts sipd in the foreground (-D -E) on a free port (define PORT) and waits until it answers OPTIONS. */
export async function startSipd(cfg: string, defines: readonly string[] = []): Promise<RunningSipd> {
  const port = await freeSipPort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-test-'));
  const ctl = path.join(dir, 'sipd_ctl');
  const child = spawn(process.execPath, [SIPD_BIN, '-D', '-E', '-f', cfg, '-Y', dir, '-A', `PORT=${String(port)}`, ...defines.flatMap((d) => ['-A', d])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    resolve(code);
  }));
  // Up means: it answers an OPTIONS.
  const deadline = Date.now() + 20_000;
  while ((await udpExchange(port, options(port), 200)) === null) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`sipd did not start: ${err}`);
    }
  }
  return {
    port,
    dir,
    ctl,
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * Starts sipd (as startSipd) on `fixture` behind a wrapper cfg in `dir` that defines DBURL: the
 * db_url may carry a password, so it goes into a file (mode 0600), not into argv.
 */
export function startSipdOnDb(dir: string, dbUrl: string, fixture: string, defines: readonly string[] = []): Promise<RunningSipd> {
  const wrapper = path.join(dir, 'sipd.cfg');
  fs.writeFileSync(wrapper, `#!define DBURL "${dbUrl}"\ninclude_file "${fixture}"\n`, { mode: 0o600 });
  return startSipd(wrapper, defines);
}

/** Sends one datagram and waits for one answer (or null after `timeoutMs`). */
export function udpExchange(port: number, data: Buffer, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      resolve(null);
    }, timeoutMs);
    s.on('message', (m) => {
      clearTimeout(timer);
      s.close();
      resolve(m.toString('utf8'));
    });
    s.send(data, port, '127.0.0.1');
  });
}

export function options(port: number, callId = `opt-${String(Date.now())}-${String(Math.random()).slice(2)}`): Buffer {
  return Buffer.from(
    [
      `OPTIONS sip:127.0.0.1:${String(port)} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK${callId};rport`,
      'Max-Forwards: 70',
      `To: <sip:127.0.0.1:${String(port)}>`,
      'From: <sip:tester@127.0.0.1>;tag=t1',
      `Call-ID: ${callId}`,
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

/** The status codes of the replies a SIP tool printed (sipsak), in order, retransmissions dropped. */
export function sipStatuses(out: string): number[] {
  const codes: number[] = [];
  for (const m of out.matchAll(/^SIP\/2\.0 (\d{3}) /gm)) {
    const c = Number(m[1]);
    if (codes.at(-1) !== c) codes.push(c);
  }
  return codes;
}
