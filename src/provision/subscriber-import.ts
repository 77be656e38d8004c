/**
 * Bulk subscriber import from CSV (a header line naming the columns) or JSON lines, and the
 * export that writes the same formats. Columns: username (user or user@domain), domain
 * (default SIP_DOMAIN), and either password or ha1 (with ha1b optional).
 *
 * Rows are checked as they are read and written in batches, one transaction per batch. The
 * first bad row stops the import: it is reported with its line number, earlier batches stay
 * committed, and nothing of its own batch is written.
 */
import { once } from 'node:events';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Knex } from 'knex';
import { SubscriberRepo, type NewSubscriber, type OnConflict } from '../db/repos/subscriber.js';
import { AppError } from '../errors.js';
import type { ProgressFn } from '../progress.js';
import { csvLine, parseCsvLine } from './csv-line.js';
import { checkPassword, digestCredentials, isDigestHash } from './credentials.js';
import { isUniqueViolation } from './db-conflict.js';
import { formatUserDomain, parseUserDomain } from './validate/user-domain.js';

export type SubscriberFileFormat = 'csv' | 'jsonl';

export const IMPORT_COLUMNS = ['username', 'domain', 'password', 'ha1', 'ha1b'] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export interface ImportOptions {
  /** Detected from the first line when undefined ('{' starts JSON lines). */
  readonly format?: SubscriberFileFormat | undefined;
  readonly defaultDomain: string | undefined;
  readonly storePlaintext: boolean;
  readonly onConflict: OnConflict;
  readonly batchSize: number;
  readonly progress?: ProgressFn;
  /** Size of the input in bytes, for progress; 0 when unknown. */
  readonly totalBytes?: number;
  /** Counts bytes read so far, for progress. */
  readonly bytesRead?: () => number;
}

export interface ImportSummary {
  readonly format: SubscriberFileFormat;
  /** Data rows read and written (not counting the header or blank lines). */
  readonly rows: number;
  /** Rows the table gained. Less than rows with --on-conflict skip or update. */
  readonly added: number;
  readonly batches: number;
}

class RowProblem extends Error {}

/** Runs a check that throws AppError (the validators' shape) and reports its failure as the row's problem. */
function asRowProblem<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof AppError) throw new RowProblem(err.message);
    throw err;
  }
}

type RawRow = Partial<Record<ImportColumn, string>>;

function toSubscriber(raw: RawRow, o: ImportOptions): NewSubscriber {
  const user = raw.username ?? '';
  if (user === '') throw new RowProblem('username is empty');
  const domain = raw.domain === undefined || raw.domain === '' ? undefined : raw.domain;
  const text = domain === undefined ? user : user.includes('@') ? user : `${user}@${domain}`;
  const key = asRowProblem(() => parseUserDomain('username', text, o.defaultDomain));
  if (domain !== undefined && key.domain !== domain) throw new RowProblem(`username ${JSON.stringify(user)} names a domain other than the domain column's ${JSON.stringify(domain)}`);
  const password = raw.password ?? '';
  const ha1 = raw.ha1 ?? '';
  const ha1b = raw.ha1b ?? '';
  if (password !== '') {
    if (ha1 !== '' || ha1b !== '') throw new RowProblem('give either password or ha1/ha1b, not both');
    asRowProblem(() => {
      checkPassword(password, o.storePlaintext);
    });
    return { ...key, ...digestCredentials(key, password, o.storePlaintext) };
  }
  if (ha1 === '') throw new RowProblem('neither password nor ha1 is given');
  if (!isDigestHash(ha1)) throw new RowProblem('ha1 is not a digest hash (32 or 64 hex digits)');
  if (ha1b !== '' && !isDigestHash(ha1b)) throw new RowProblem('ha1b is not a digest hash (32 or 64 hex digits)');
  return { ...key, password: '', ha1: ha1.toLowerCase(), ha1b: ha1b.toLowerCase() };
}

function csvHeader(line: string): ImportColumn[] {
  const p = parseCsvLine(line);
  if (!p.ok) throw new RowProblem(`header: ${p.problem}`);
  const cols = p.fields.map((f) => f.trim().toLowerCase());
  const out: ImportColumn[] = [];
  for (const c of cols) {
    const known = IMPORT_COLUMNS.find((k) => k === c);
    if (known === undefined) throw new RowProblem(`header: unknown column ${JSON.stringify(c)}; the columns are ${IMPORT_COLUMNS.join(', ')}`);
    if (out.includes(known)) throw new RowProblem(`header: column ${known} appears twice`);
    out.push(known);
  }
  if (!out.includes('username')) throw new RowProblem('header: there is no username column');
  if (!out.includes('password') && !out.includes('ha1')) throw new RowProblem('header: there is neither a password nor an ha1 column');
  return out;
}

function csvRow(line: string, header: readonly ImportColumn[]): RawRow {
  const p = parseCsvLine(line);
  if (!p.ok) throw new RowProblem(p.problem);
  if (p.fields.length !== header.length) throw new RowProblem(`${String(p.fields.length)} fields, but the header names ${String(header.length)}`);
  const raw: RawRow = {};
  header.forEach((c, i) => {
    raw[c] = p.fields[i] ?? '';
  });
  return raw;
}

function jsonRow(line: string): RawRow {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    throw new RowProblem(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new RowProblem('not a JSON object');
  const raw: RawRow = {};
  for (const [k, v] of Object.entries(doc)) {
    const known = IMPORT_COLUMNS.find((c) => c === k);
    if (known === undefined) throw new RowProblem(`unknown key ${JSON.stringify(k)}; the keys are ${IMPORT_COLUMNS.join(', ')}`);
    if (typeof v !== 'string') throw new RowProblem(`${k} is not a string`);
    raw[known] = v;
  }
  return raw;
}

interface Pending {
  readonly rows: NewSubscriber[];
  readonly lines: number[];
  readonly seen: Map<string, number>;
}

export async function importSubscribers(db: Knex, table: string, input: Readable, o: ImportOptions): Promise<ImportSummary> {
  const repo = new SubscriberRepo(db, table);
  const before = await repo.count();
  let format = o.format;
  let header: ImportColumn[] | undefined;
  let lineNo = 0;
  let rows = 0;
  let batches = 0;
  let committed = 0;
  let lastCommittedLine = 0;
  let batch: Pending = { rows: [], lines: [], seen: new Map() };

  const fail = (line: number, problem: string, code: 'E_USAGE' | 'E_EXISTS' = 'E_USAGE'): never => {
    const kept = committed === 0 ? 'nothing was imported' : `${String(committed)} subscriber(s) of earlier batches (lines up to ${String(lastCommittedLine)}) stay imported`;
    const firstOfBatch = batch.lines[0] ?? line;
    throw new AppError(code, `line ${String(line)}: ${problem}; ${kept}, and nothing from line ${String(Math.min(firstOfBatch, line))} on was written`);
  };

  const flush = async (): Promise<void> => {
    if (batch.rows.length === 0) return;
    const current = batch;
    try {
      await db.transaction(async (trx) => {
        await new SubscriberRepo(trx, table).insertMany(current.rows, o.onConflict);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const found = await repo.existing(current.rows);
      const keys = new Set(found.map((k) => formatUserDomain(k)));
      const index = current.rows.findIndex((r) => keys.has(formatUserDomain(r)));
      const row = current.rows[index];
      fail(current.lines[index] ?? current.lines[0] ?? lineNo, `subscriber ${row === undefined ? '' : formatUserDomain(row)} already exists (use --on-conflict skip or update)`, 'E_EXISTS');
    }
    batches += 1;
    committed += current.rows.length;
    lastCommittedLine = current.lines[current.lines.length - 1] ?? lastCommittedLine;
    batch = { rows: [], lines: [], seen: new Map() };
    o.progress?.({ done: o.bytesRead?.() ?? committed, total: o.totalBytes ?? 0, what: `${String(committed)} subscribers` });
  };

  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const rawLine of lines) {
    lineNo += 1;
    const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (line.trim() === '') continue;
    format ??= line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    try {
      if (format === 'csv' && header === undefined) {
        header = csvHeader(line);
        continue;
      }
      const raw = format === 'csv' ? csvRow(line, header ?? []) : jsonRow(line);
      const sub = toSubscriber(raw, o);
      const id = formatUserDomain(sub);
      const earlier = batch.seen.get(id);
      if (earlier !== undefined) throw new RowProblem(`${id} is already on line ${String(earlier)}`);
      batch.seen.set(id, lineNo);
      batch.rows.push(sub);
      batch.lines.push(lineNo);
      rows += 1;
    } catch (err) {
      if (err instanceof RowProblem) {
        lines.close();
        fail(lineNo, err.message);
      }
      throw err;
    }
    if (batch.rows.length >= o.batchSize) await flush();
  }
  await flush();
  if (format === undefined) throw new AppError('E_USAGE', 'the file is empty');
  const after = await repo.count();
  return { format, rows, added: after - before, batches };
}

export interface ExportOptions {
  readonly format: SubscriberFileFormat;
  /** Adds the clear-text password column. */
  readonly withPassword: boolean;
  readonly domain?: string | undefined;
  readonly pageSize?: number;
  readonly progress?: ProgressFn;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes every subscriber (of one domain) in id order, page by page; returns the count. */
export async function exportSubscribers(db: Knex, table: string, out: Writable, o: ExportOptions): Promise<number> {
  const repo = new SubscriberRepo(db, table);
  const total = await repo.count(o.domain === undefined ? {} : { domain: o.domain });
  const columns = ['username', 'domain', 'ha1', 'ha1b', ...(o.withPassword ? ['password'] : [])] as const;
  if (o.format === 'csv') await write(out, csvLine(columns));
  let afterId = 0;
  let n = 0;
  for (;;) {
    const page = await repo.list({ afterId, limit: o.pageSize ?? 5000, ...(o.domain === undefined ? {} : { domain: o.domain }) });
    if (page.length === 0) break;
    let chunk = '';
    for (const r of page) {
      const values: Record<string, string> = { username: r.username, domain: r.domain, ha1: r.ha1, ha1b: r.ha1b };
      if (o.withPassword) values['password'] = r.password;
      chunk += o.format === 'csv' ? csvLine(columns.map((c) => values[c] ?? '')) : `${JSON.stringify(values)}\n`;
    }
    await write(out, chunk);
    n += page.length;
    afterId = page[page.length - 1]?.id ?? afterId;
    o.progress?.({ done: n, total, what: 'subscribers' });
  }
  return n;
}
