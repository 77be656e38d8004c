import { Args, Flags } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { table } from '../../src/cli/render.js';
import { runSql, type SqlResult } from '../../src/db/raw-sql.js';
import { withDb } from '../../src/db/repos/table-row.js';

export type DbExecResult = SqlResult;

export const bindFlag = Flags.string({ description: 'a value for the next "?" placeholder, bound by the driver; repeatable', multiple: true });

export function renderSql(r: SqlResult): string {
  if (r.columns.length === 0) return r.affected === null ? 'done' : `${String(r.affected)} row(s) changed`;
  return `${table(r.columns, r.rows.map((row) => r.columns.map((c) => row[c])))}\n${String(r.rows.length)} row(s)`;
}

export default class DbExec extends DbCommand<typeof DbExec, DbExecResult> {
  static override summary = 'Run one SQL statement as the read-write user (kamctl db exec).';
  static override description = `For administrators: the statement goes to the database as written. Values belong in "?" placeholders with one --bind each, so that they are bound by the driver and never pasted into the SQL. A SELECT prints its rows as a table (--json: {columns, rows, affected}); other statements print how many rows they changed.
sipctl db query runs a statement through the read-only user instead.`;
  static override examples = [
    '<%= config.bin %> db exec "UPDATE subscriber SET email_address = ? WHERE username = ?" --bind alice@example.com --bind alice',
    '<%= config.bin %> db exec "DELETE FROM location WHERE username = ?" --bind bob',
  ];
  static override args = { sql: Args.string({ required: true, description: 'one SQL statement' }) };
  static override flags = { bind: bindFlag };

  async run(): Promise<DbExecResult> {
    return withDb(this.db, 'rw', (db) => runSql(db, this.db.engine, this.args.sql, this.flags.bind ?? []));
  }

  protected render(r: DbExecResult): string {
    return renderSql(r);
  }
}
