import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { matchRows } from '../../src/db/raw-sql.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { renderSql, type DbExecResult } from './exec.js';

export type DbNmatchResult = DbExecResult & { readonly table: string };

export default class DbNmatch extends DbCommand<typeof DbNmatch, DbNmatchResult> {
  static override summary = 'List the rows of a table whose column equals a value, compared as a number (kamctl db nmatch).';
  static override description = 'Compares as a number (kamctl: WHERE column=value); a value that is not a number is an error with exit code 2. Reads as the read-only user; the value is bound, never pasted into the SQL, and the table and column are checked against the database (exit code 21 when either does not exist).';
  static override examples = ['<%= config.bin %> db nmatch location cseq 1'];
  static override args = {
    table: Args.string({ required: true, description: 'table name' }),
    column: Args.string({ required: true, description: 'column name' }),
    value: Args.string({ required: true, description: 'value to match' }),
  };

  async run(): Promise<DbNmatchResult> {
    const { table, column, value } = this.args;
    const r = await withDb(this.db, 'ro', (db) => matchRows(db, this.db.engine, table, column, value, 'number'));
    return { table, ...r };
  }

  protected render(r: DbNmatchResult): string {
    return renderSql(r);
  }
}
