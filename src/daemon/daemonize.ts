/**
 * Starting in the background the way an operator can rely on: sipd re-runs itself in the
 * foreground as a detached child and exits only when that child reports that it is up
 * (listening, pid file written) — with status 0 — or has died — with its status and its
 * error on stderr. So `sipd -f cfg && echo up` means up, as with Kamailio.
 */
import { spawn } from 'node:child_process';

export const READY_MESSAGE = 'sipd-ready';

export function startInBackground(script: string, argv: readonly string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...argv, '-D'], {
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => {
      process.stderr.write(`sipd: not ready after ${String(timeoutMs / 1000)} s; stopping it\n`);
      child.kill('SIGKILL');
      resolve(1);
    }, timeoutMs);
    child.on('message', (m) => {
      if (m !== READY_MESSAGE) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.disconnect();
      child.unref();
      resolve(0);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

/** Tells a waiting parent (if any) that the server is up, and lets it go. */
export function reportReady(): void {
  if (typeof process.send === 'function' && process.connected) {
    process.send(READY_MESSAGE, () => {
      process.disconnect();
    });
  }
}
