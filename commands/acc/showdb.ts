import { Flags } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { table } from '../../src/cli/render.js';
import { sqlValue, type SqlValue } from '../../src/db/raw-sql.js';
import { listAcc } from '../../src/db/repos/acc.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface AccShowdbResult {
  readonly table: 'acc' | 'missed_calls';
  readonly rows: readonly Readonly<Record<string, SqlValue>>[];
}

export function accRows(rows: readonly Readonly<Record<string, unknown>>[]): Readonly<Record<string, SqlValue>>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sqlValue(v)])));
}

export function renderAcc(r: AccShowdbResult): string {
  const first = r.rows[0];
  if (first === undefined) return `no rows in ${r.table}`;
  const cols = Object.keys(first);
  return table(cols, r.rows.map((row) => cols.map((c) => row[c])));
}

export default class AccShowdb extends DbCommand<typeof AccShowdb, AccShowdbResult> {
  static override summary = 'List accounting records, oldest first (kamctl acc showdb).';
  static override description = 'Every column of acc (or missed_calls with --missed), including the extra ones acc initdb adds. --limit keeps the newest N.';
  static override examples = ['<%= config.bin %> acc showdb --limit 20', '<%= config.bin %> acc showdb --missed --json'];
  static override flags = {
    missed: Flags.boolean({ description: 'list missed_calls instead of acc' }),
    limit: Flags.integer({ description: 'only the newest N records', min: 1 }),
  };

  async run(): Promise<AccShowdbResult> {
    const t = this.flags.missed ? 'missed_calls' : 'acc';
    const rows = await withDb(this.db, 'ro', (db) => listAcc(db, this.flags.limit === undefined ? {} : { limit: this.flags.limit }, t));
    return { table: t, rows: accRows(rows) };
  }

  protected render(r: AccShowdbResult): string {
    return renderAcc(r);
  }
}
