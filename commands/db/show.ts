import { Args, Flags } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { showTable } from '../../src/db/raw-sql.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { renderSql, type DbExecResult } from './exec.js';

export type DbShowResult = DbExecResult & { readonly table: string };

export default class DbShow extends DbCommand<typeof DbShow, DbShowResult> {
  static override summary = 'List the rows of a table (kamctl db show).';
  static override description = 'Reads as the read-only user. The table name is checked against the tables of the database and quoted as an identifier. A table that does not exist is an error with exit code 21.';
  static override examples = ['<%= config.bin %> db show version', '<%= config.bin %> db show subscriber --limit 10 --json'];
  static override args = { table: Args.string({ required: true, description: 'table name' }) };
  static override flags = { limit: Flags.integer({ description: 'at most N rows', min: 1 }) };

  async run(): Promise<DbShowResult> {
    const r = await withDb(this.db, 'ro', (db) => showTable(db, this.db.engine, this.args.table, this.flags.limit));
    return { table: this.args.table, ...r };
  }

  protected render(r: DbShowResult): string {
    return renderSql(r);
  }
}
