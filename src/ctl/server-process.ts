/**
 * Starting, stopping and checking the server process for sipctl start|stop|restart|status,
 * with kamctl's keys: KAMBIN (the binary; default this package's sipd), PID_FILE,
 * STARTOPTIONS, SYSLOG, ETCDIR, plus SIPD_CFG and RUNDIR.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RcConfig } from '../config/rc-load.js';
import { defaultCfgFile } from '../daemon/default-cfg.js';
import { runningPid } from '../daemon/pidfile.js';
import { AppError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';

export interface ServerCommand {
  readonly program: string;
  readonly args: readonly string[];
  /** sipd itself, or another binary (a real kamailio). */
  readonly isSipd: boolean;
  readonly cfgFile: string;
  readonly pidFile: string;
}

/** Splits STARTOPTIONS as a shell would split plain words and quoted strings (nothing is expanded). */
export function splitOptions(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

export function serverCommand(rc: RcConfig, cfgFlag: string | undefined): ServerCommand {
  const pidFile = rc.get('PID_FILE') ?? '';
  const kambin = rc.get('KAMBIN');
  const isSipd = kambin === undefined || kambin === '';
  const cfgFile = path.resolve(cfgFlag ?? rc.get('SIPD_CFG') ?? (isSipd ? defaultCfgFile() : path.join(rc.get('ETCDIR') ?? '/etc/kamailio', 'kamailio.cfg')));
  const args = ['-P', pidFile, '-f', cfgFile];
  if (isSipd) args.push('-Y', rc.get('RUNDIR') ?? '');
  if (!rc.bool('SYSLOG') && rc.get('SYSLOG') !== undefined) args.push('-E');
  args.push(...splitOptions(rc.get('STARTOPTIONS') ?? ''));
  return isSipd
    ? { program: process.execPath, args: [path.join(PACKAGE_ROOT, 'bin', 'sipd.js'), ...args], isSipd, cfgFile, pidFile }
    : { program: kambin, args, isSipd, cfgFile, pidFile };
}

export interface StartResult {
  readonly pid: number;
  readonly program: string;
  readonly cfgFile: string;
  readonly pidFile: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the server's own start (which puts it in the background) and waits until it is up:
 * sipd's starting process exits 0 only once it listens; for another binary the pid file
 * must name a live process. On failure the server's own error text is in the message.
 */
export async function startServer(cmd: ServerCommand, timeoutMs = 30_000): Promise<StartResult> {
  const other = runningPid(cmd.pidFile);
  if (other !== undefined) throw new AppError('E_EXISTS', `the server is already running (pid ${String(other)}, ${cmd.pidFile})`);
  if (!fs.existsSync(cmd.cfgFile)) throw new AppError('E_SERVER_START', `the routing script ${cmd.cfgFile} does not exist (set SIPD_CFG or use --cfg)`);
  let output = '';
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(cmd.program, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => {
      output = (output + d.toString('utf8')).slice(-8192);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(-1);
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new AppError('E_SERVER_START', `cannot run ${cmd.program}: ${err.message}`, { cause: err }));
    });
    // 'exit', not 'close': the server in the background keeps our pipes open.
    child.on('exit', (c) => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(c ?? -1);
    });
  });
  const why = output.trim().split('\n').slice(-12).join('\n');
  if (code !== 0) throw new AppError('E_SERVER_START', `the server did not start (exit ${String(code)})${why === '' ? '' : `:\n${why}`}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = runningPid(cmd.pidFile);
    if (pid !== undefined) return { pid, program: cmd.program, cfgFile: cmd.cfgFile, pidFile: cmd.pidFile };
    if (Date.now() > deadline) throw new AppError('E_SERVER_START', `the server started but ${cmd.pidFile} names no live process${why === '' ? '' : `:\n${why}`}`);
    await sleep(50);
  }
}

export interface StopResult {
  readonly wasRunning: boolean;
  readonly pid: number | null;
}

export async function stopServer(pidFile: string, timeoutMs = 15_000): Promise<StopResult> {
  const pid = runningPid(pidFile);
  if (pid === undefined) return { wasRunning: false, pid: null };
  try {
    process.kill(pid, 'SIGTERM');
  } catch (err) {
    throw new AppError('E_SERVER_STOP', `cannot signal process ${String(pid)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return { wasRunning: true, pid };
    }
    await sleep(50);
  }
  throw new AppError('E_SERVER_STOP', `process ${String(pid)} is still running ${String(timeoutMs / 1000)} s after SIGTERM`);
}
