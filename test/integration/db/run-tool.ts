/**
 * Runs an external tool (kamcmd, kamdbctl, sqlite3) and collects its output. Unlike
 * runProcess in test/support/sipctl.ts, a tool that exits before reading its stdin does not
 * raise EPIPE as an uncaught exception.
 */
import { spawn } from 'node:child_process';
import type { RunResult } from '../../support/sipctl.js';

export interface ToolOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly input?: string;
  readonly timeoutMs?: number;
}

export function runTool(cmd: string, args: readonly string[], opts: ToolOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' }, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === null ? -1 : 128), stdout, stderr });
    });
    // The tool may exit, closing the pipe, before it has read everything.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}
