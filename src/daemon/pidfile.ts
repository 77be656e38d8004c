/** The pid file: written atomically once the server is up, removed when it stops. */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';

/** The pid in the file, if the file exists and names a live process. */
export function runningPid(file: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive but another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

export function writePidFile(file: string, pid: number = process.pid): void {
  const other = runningPid(file);
  if (other !== undefined && other !== pid) {
    throw new AppError('E_EXISTS', `${file} names process ${String(other)}, which is running: is sipd already started?`);
  }
  try {
    makeDirectory(path.dirname(file));
    const tmp = `${file}.${String(pid)}.tmp`;
    fs.writeFileSync(tmp, `${String(pid)}\n`, { mode: 0o644 });
    fs.renameSync(tmp, file);
  } catch (err) {
    throw new AppError('E_IO', `cannot write the pid file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/** Removes the file only if it still names this process. */
export function removePidFile(file: string, pid: number = process.pid): void {
  try {
    if (fs.readFileSync(file, 'utf8').trim() === String(pid)) fs.rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}
