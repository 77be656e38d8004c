/**
 * Child processes with an outer time limit, in their own process group, and a record of
 * everything to remove at the end (or on Ctrl-C): process groups and temp dirs.
 *
 * Every command runs as `timeout -k 5 LIMIT command …` (coreutils), started detached so that
 * `timeout` leads a new process group: Kamailio's forked workers stay in that group, so one
 * kill of the group ends them all, and the limit holds even if this bench process dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const KEEP_OUTPUT = 64 * 1024;

export class BoundedProcess {
  readonly command: string;
  readonly done: Promise<ExitStatus>;
  readonly #child: ChildProcess;
  #output = '';
  #exited = false;

  constructor(command: string, args: readonly string[], options: { cwd: string; limitSec: number; cleanup: Cleanup }) {
    this.command = [command, ...args].join(' ');
    const wrapped = ['-k', '5', String(Math.ceil(options.limitSec)), command, ...args];
    this.#child = spawn('timeout', wrapped, { cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer): void => {
      this.#output += d.toString('utf8');
      if (this.#output.length > 2 * KEEP_OUTPUT) this.#output = this.#output.slice(-KEEP_OUTPUT);
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    options.cleanup.track(this);
    this.done = new Promise<ExitStatus>((resolve) => {
      this.#child.on('error', (err) => {
        this.#output += `\nspawn failed: ${err.message}`;
        this.#exited = true;
        options.cleanup.untrack(this);
        resolve({ code: null, signal: null });
      });
      this.#child.on('exit', (code, signal) => {
        this.#exited = true;
        options.cleanup.untrack(this);
        resolve({ code, signal });
      });
    });
  }

  /** The pid of the `timeout` wrapper, which is also the process group id. */
  get wrapperPid(): number | undefined {
    return this.#child.pid;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** The last 64 KiB or so of stdout and stderr, interleaved. */
  get output(): string {
    return this.#output;
  }

  /** Sends `signal` to the whole process group. */
  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined || this.#exited) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** `signal` to the group, then SIGKILL after `graceMs`; resolves when the wrapper has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 8000): Promise<ExitStatus> {
    if (this.#exited) return this.done;
    this.signalGroup(signal);
    const timer = setTimeout(() => {
      this.signalGroup('SIGKILL');
    }, graceMs);
    const status = await this.done;
    clearTimeout(timer);
    // Workers of a server that outlived their parent are still in the group.
    this.killGroupNow();
    return status;
  }

  /** SIGKILL to the group at once (used on Ctrl-C and after a stop). */
  killGroupNow(): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // no process left in the group
    }
  }
}

/** What to remove when the bench ends or is interrupted. */
export class Cleanup {
  readonly #processes = new Set<BoundedProcess>();
  readonly #dirs = new Set<string>();
  #installed = false;

  track(p: BoundedProcess): void {
    this.#processes.add(p);
  }

  untrack(p: BoundedProcess): void {
    this.#processes.delete(p);
  }

  /** A new temp dir, removed by `run()`. */
  tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.#dirs.add(dir);
    return dir;
  }

  removeDir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
    this.#dirs.delete(dir);
  }

  /** Kills every process group still running and removes every temp dir. */
  run(): void {
    for (const p of this.#processes) p.killGroupNow();
    this.#processes.clear();
    for (const dir of this.#dirs) fs.rmSync(dir, { recursive: true, force: true });
    this.#dirs.clear();
  }

  /** On SIGINT/SIGTERM: clean up and exit with 128 + the signal number. */
  installSignalHandlers(): void {
    if (this.#installed) return;
    this.#installed = true;
    const onSignal = (signal: NodeJS.Signals, code: number): void => {
      console.log(`\n${signal}: stopping every process and removing the temp dirs`);
      this.run();
      process.exit(code);
    };
    process.on('SIGINT', () => {
      onSignal('SIGINT', 130);
    });
    process.on('SIGTERM', () => {
      onSignal('SIGTERM', 143);
    });
  }
}
