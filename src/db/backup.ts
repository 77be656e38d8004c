/** db backup, db restore and db copy: portable across engines, all-or-nothing on the target. */
import { SCHEMA_MODULES } from '../../schema/index.js';
import { AppError } from '../errors.js';
import type { ProgressFn } from '../progress.js';
import { readBackup, writeBackup } from './backup-file.js';
import { connect, dbError } from './connect.js';
import { createDb } from './create.js';
import { describeDb, parseEngine, type DbSettings } from './settings.js';
import { checkTarget, dumpHeader, dumpRows, loadRows, type DumpHeader, type RowBatch } from './transfer.js';

export interface TransferResult {
  readonly source: string;
  readonly target: string;
  readonly tables: number;
  readonly rows: number;
}

/** The schema modules that own the tables of a dump, so the target can be created with them. */
function modulesFor(header: DumpHeader) {
  const names = new Set(header.tables.map((t) => t.name));
  return SCHEMA_MODULES.filter((m) => m.group === 'standard' || m.tables.some((t) => names.has(t.name)));
}

export async function backupDb(s: DbSettings, file: string): Promise<TransferResult> {
  const db = await connect(s, 'ro');
  try {
    const header = await dumpHeader(db, s.engine);
    await writeBackup(file, header, dumpRows(db, header));
    return { source: describeDb(s), target: file, tables: header.tables.length, rows: header.tables.reduce((n, t) => n + t.rows, 0) };
  } catch (err) {
    throw dbError(err, s);
  } finally {
    await db.destroy();
  }
}

/** Creates what the target lacks (database, users, tables), checks it is empty, then loads. */
async function load(target: DbSettings, header: DumpHeader, batches: AsyncIterable<RowBatch>, progress?: ProgressFn): Promise<number> {
  await createDb(target, { modules: modulesFor(header) });
  const db = await connect(target, 'root');
  try {
    await checkTarget(db, target.engine, header);
    return await loadRows(db, target.engine, header, batches, progress);
  } catch (err) {
    throw dbError(err, target);
  } finally {
    await db.destroy();
  }
}

export async function restoreDb(s: DbSettings, file: string, progress?: ProgressFn): Promise<TransferResult> {
  const reader = await readBackup(file);
  try {
    const rows = await load(s, reader.header, reader.batches, progress);
    return { source: file, target: describeDb(s), tables: reader.header.tables.length, rows };
  } finally {
    reader.close();
  }
}

export async function copyDb(source: DbSettings, target: DbSettings, progress?: ProgressFn): Promise<TransferResult> {
  if (describeDb(source) === describeDb(target)) throw new AppError('E_USAGE', `source and target are the same database: ${describeDb(source)}`);
  const db = await connect(source, 'ro');
  try {
    const header = await dumpHeader(db, source.engine);
    const rows = await load(target, header, dumpRows(db, header), progress);
    return { source: describeDb(source), target: describeDb(target), tables: header.tables.length, rows };
  } finally {
    await db.destroy();
  }
}

/**
 * The target of db copy: a URL (sqlite:/path, mysql://admin@host:port/name,
 * postgres://admin@host:port/name, or ENGINE:name for a name on the base's server) or a
 * bare name, which means the engine and server of the base (kamdbctl copy). Everything the
 * URL does not say (users, passwords) comes from the base settings.
 */
export function parseTarget(spec: string, base: DbSettings): DbSettings {
  const m = /^([a-z0-9]+):(.*)$/i.exec(spec);
  if (m === null || spec.length < 3) {
    return base.engine === 'sqlite' ? { ...base, path: spec } : { ...base, name: spec };
  }
  const engine = parseEngine(m[1] ?? '');
  if (engine === 'sqlite') {
    const rest = m[2] ?? '';
    const file = rest.startsWith('///') ? rest.slice(2) : rest.startsWith('//') ? rest.slice(2) : rest;
    if (file === '') throw new AppError('E_USAGE', `${spec}: no SQLite file named`);
    return { ...base, engine, path: file };
  }
  const rest = m[2] ?? '';
  if (!rest.startsWith('//')) {
    if (rest === '') throw new AppError('E_USAGE', `${spec}: no database name`);
    return { ...base, engine, name: rest };
  }
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new AppError('E_USAGE', `${spec} is not a database URL (mysql://user@host:port/name, postgres://user@host/name or sqlite:/path)`);
  }
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (name === '') throw new AppError('E_USAGE', `${spec}: no database name after the host`);
  return {
    ...base,
    engine,
    host: url.hostname === '' ? 'localhost' : url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? undefined : Number(url.port),
    name,
    rootUser: url.username === '' ? (engine === 'pgsql' ? 'postgres' : 'root') : decodeURIComponent(url.username),
    rootPassword: url.password === '' ? undefined : decodeURIComponent(url.password),
  };
}
