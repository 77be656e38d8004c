import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { matchRows } from '../../src/db/raw-sql.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { renderSql, type DbExecResult } from './exec.js';

export type DbSmatchResult = DbExecResult & { readonly table: string };

export default class DbSmatch extends DbCommand<typeof DbSmatch, DbSmatchResult> {
  static override summary = 'List the rows of a table whose column equals a value, compared as text (kamctl db smatch).';
  static override description = 'Compares as text (kamctl: WHERE column="value"). Reads as the read-only user; the value is bound, never pasted into the SQL, and the table and column are checked against the database (exit code 21 when either does not exist).';
  static override examples = ['<%= config.bin %> db smatch subscriber username alice'];
  static override args = {
    table: Args.string({ required: true, description: 'table name' }),
    column: Args.string({ required: true, description: 'column name' }),
    value: Args.string({ required: true, description: 'value to match' }),
  };

  async run(): Promise<DbSmatchResult> {
    const { table, column, value } = this.args;
    const r = await withDb(this.db, 'ro', (db) => matchRows(db, this.db.engine, table, column, value, 'string'));
    return { table, ...r };
  }

  protected render(r: DbSmatchResult): string {
    return renderSql(r);
  }
}
