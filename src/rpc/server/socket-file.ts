/**
 * Socket and FIFO files of the control servers: a private directory (0700 when we create it),
 * stale files of a previous run removed at start (a live server on the same path is refused),
 * restrictive modes (0660) and an optional group, removal at stop.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../../errors.js';

export const DEFAULT_SOCKET_MODE = 0o660;
export const DEFAULT_DIR_MODE = 0o700;

/** Mode and ownership of a socket or FIFO file (ctl `mode`/`user`/`group`, jsonrpcs `fifo_mode`/`fifo_group` …). */
export interface SocketFileAccess {
  readonly mode?: number;
  /** Group name or gid. */
  readonly group?: string | number;
  /** User name or uid (needs privileges to change). */
  readonly user?: string | number;
}

/** Creates the parent directory (0700 for directories we create) and removes a stale socket or FIFO. */
export async function prepareSocketPath(filePath: string, kind: 'stream' | 'dgram' | 'fifo'): Promise<void> {
  await fs.mkdir(path.dirname(filePath), { recursive: true, mode: DEFAULT_DIR_MODE });
  let stat;
  try {
    stat = await fs.lstat(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw ioError(`Cannot inspect ${filePath}`, error);
  }
  if (!stat.isSocket() && !stat.isFIFO()) throw new AppError('E_IO', `${filePath} exists and is neither a socket nor a FIFO; not replacing it`);
  if (kind === 'stream' && stat.isSocket() && (await streamSocketAnswers(filePath))) {
    throw new AppError('E_IO', `${filePath} is in use by another running server`);
  }
  await fs.rm(filePath, { force: true });
}

/** Sets mode and owner of a socket/FIFO file we just created. */
export async function applySocketAccess(filePath: string, access: SocketFileAccess): Promise<void> {
  try {
    await fs.chmod(filePath, access.mode ?? DEFAULT_SOCKET_MODE);
    if (access.group !== undefined || access.user !== undefined) {
      const uid = access.user === undefined ? -1 : await resolveId(access.user, '/etc/passwd');
      const gid = access.group === undefined ? -1 : await resolveId(access.group, '/etc/group');
      await fs.chown(filePath, uid, gid);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw ioError(`Cannot set mode/owner of ${filePath}`, error);
  }
}

export async function removeSocketFile(filePath: string): Promise<void> {
  await fs.rm(filePath, { force: true }).catch(() => undefined);
}

/**
 * Runs `bind` (a synchronous bind such as net.Server#listen on a path) with a umask that keeps
 * the new file private until its final mode is set. Worker threads cannot change the umask;
 * there the directory's 0700 protects the short window.
 */
export function withPrivateUmask<T>(bind: () => T): T {
  let previous: number | undefined;
  try {
    previous = process.umask(0o177);
  } catch {
    previous = undefined;
  }
  try {
    return bind();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

/** A numeric id as is, or a name looked up in /etc/passwd or /etc/group (Node has no getgrnam). */
async function resolveId(nameOrId: string | number, database: '/etc/passwd' | '/etc/group'): Promise<number> {
  if (typeof nameOrId === 'number') return nameOrId;
  if (/^\d+$/.test(nameOrId)) return Number(nameOrId);
  const text = await fs.readFile(database, 'utf8').catch((error: unknown) => {
    throw ioError(`Cannot read ${database}`, error);
  });
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name === nameOrId && id !== undefined && /^\d+$/.test(id)) return Number(id);
  }
  throw new AppError('E_USAGE', `${database === '/etc/group' ? 'Group' : 'User'} ${nameOrId} does not exist`);
}

function streamSocketAnswers(filePath: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ path: filePath });
    const done = (alive: boolean): void => {
      socket.destroy();
      resolve(alive);
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

function ioError(what: string, error: unknown): AppError {
  const errno = error as NodeJS.ErrnoException;
  return new AppError('E_IO', `${what}: ${errno.code ?? ''} ${errno.message}`.trim(), { cause: error });
}
