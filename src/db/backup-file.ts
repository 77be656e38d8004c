/**
 * The backup file: JSON lines, gzip-compressed when the name ends in .gz. The first line is
 * the header (engine, tables with their versions and columns); each further line is a batch
 * of rows of one table: {"t": "subscriber", "r": [[…], …]}.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import zlib from 'node:zlib';
import type { Writable } from 'node:stream';
import { AppError } from '../errors.js';
import type { CellValue, DumpHeader, RowBatch, TableHeader } from './transfer.js';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function bad(file: string, line: number, what: string): AppError {
  return new AppError('E_BACKUP_FORMAT', `${file}:${String(line)}: ${what}`);
}

function parseHeader(value: unknown, file: string): DumpHeader {
  if (!isObject(value) || value['format'] !== 'sipctl-backup') throw bad(file, 1, 'not a sipctl backup (no sipctl-backup header)');
  if (value['formatVersion'] !== 1) throw bad(file, 1, `backup format version ${String(value['formatVersion'])} is not supported`);
  const engine = value['engine'];
  if (engine !== 'sqlite' && engine !== 'mysql' && engine !== 'pgsql') throw bad(file, 1, 'unknown source engine');
  const tablesIn = value['tables'];
  if (!Array.isArray(tablesIn)) throw bad(file, 1, 'the header lists no tables');
  const tables: TableHeader[] = tablesIn.map((t: unknown) => {
    if (!isObject(t) || typeof t['name'] !== 'string' || typeof t['version'] !== 'number' || typeof t['rows'] !== 'number' || !Array.isArray(t['columns'])) {
      throw bad(file, 1, 'a table entry of the header is damaged');
    }
    const columns = t['columns'].filter((c: unknown): c is string => typeof c === 'string');
    if (columns.length !== t['columns'].length) throw bad(file, 1, `table ${t['name']}: damaged column list`);
    return { name: t['name'], version: t['version'], rows: t['rows'], columns };
  });
  return { format: 'sipctl-backup', formatVersion: 1, created: String(value['created']), engine, tables };
}

function isCell(x: unknown): x is CellValue {
  if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return true;
  return isObject(x) && typeof x['$b64'] === 'string';
}

function parseBatch(value: unknown, file: string, line: number): RowBatch {
  if (!isObject(value) || typeof value['t'] !== 'string' || !Array.isArray(value['r'])) throw bad(file, line, 'not a row batch');
  const rows = value['r'].map((r: unknown) => {
    if (!Array.isArray(r) || !r.every(isCell)) throw bad(file, line, `damaged row in table ${String(value['t'])}`);
    return r;
  });
  return { table: value['t'], rows };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function writeBackup(file: string, header: DumpHeader, batches: AsyncIterable<RowBatch>): Promise<void> {
  const tmp = `${file}.partial`;
  let fileStream: fs.WriteStream;
  try {
    fileStream = fs.createWriteStream(tmp, { mode: 0o600 });
    await once(fileStream, 'open');
  } catch (err) {
    throw new AppError('E_IO', `cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const gzip = file.endsWith('.gz') ? zlib.createGzip() : undefined;
  const out: Writable = gzip ?? fileStream;
  gzip?.pipe(fileStream);
  try {
    await write(out, `${JSON.stringify(header)}\n`);
    for await (const b of batches) await write(out, `${JSON.stringify({ t: b.table, r: b.rows })}\n`);
    out.end();
    await once(fileStream, 'finish');
    // Only a complete backup gets the real name.
    fs.renameSync(tmp, file);
  } catch (err) {
    fileStream.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export interface BackupReader {
  readonly header: DumpHeader;
  readonly batches: AsyncIterable<RowBatch>;
  close(): void;
}

export async function readBackup(file: string): Promise<BackupReader> {
  let input: NodeJS.ReadableStream;
  try {
    const raw = fs.createReadStream(file);
    await once(raw, 'open');
    input = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  } catch (err) {
    throw new AppError('E_IO', `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  const first = await lines.next().catch((err: unknown) => {
    throw new AppError('E_BACKUP_FORMAT', `${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (first.done === true) throw bad(file, 1, 'the file is empty');
  const header = parseHeader(parseJson(first.value, file, 1), file);
  async function* batches(): AsyncGenerator<RowBatch> {
    let line = 1;
    for (;;) {
      const next = await lines.next();
      if (next.done === true) return;
      line += 1;
      if (next.value.trim() === '') continue;
      yield parseBatch(parseJson(next.value, file, line), file, line);
    }
  }
  return {
    header,
    batches: batches(),
    close: () => {
      rl.close();
    },
  };
}

function parseJson(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw bad(file, line, 'not valid JSON (is the file truncated?)');
  }
}
