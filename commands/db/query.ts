import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { runSql } from '../../src/db/raw-sql.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { AppError } from '../../src/errors.js';
import { bindFlag, renderSql, type DbExecResult } from './exec.js';

export type DbQueryResult = DbExecResult;

export default class DbQuery extends DbCommand<typeof DbQuery, DbQueryResult> {
  static override summary = 'Run one SQL statement through the read-only user (kamctl db roquery).';
  static override description = `Connects as DBROUSER, so the statement cannot change anything on MySQL and PostgreSQL; on SQLite, which has no users, the connection is switched to query_only. Values go in "?" placeholders with --bind.
Note: kamctl's "db query" is an alias of "db exec" (read-write); sipctl keeps query read-only and exec read-write.`;
  static override examples = ['<%= config.bin %> db query "SELECT username, domain FROM subscriber WHERE domain = ?" --bind example.com', '<%= config.bin %> db query "SELECT count(*) AS n FROM location" --json'];
  static override args = { sql: Args.string({ required: true, description: 'one SQL statement' }) };
  static override flags = { bind: bindFlag };

  async run(): Promise<DbQueryResult> {
    try {
      return await withDb(this.db, 'ro', async (db) => {
        if (this.db.engine === 'sqlite') await db.raw('PRAGMA query_only = ON');
        return runSql(db, this.db.engine, this.args.sql, this.flags.bind ?? []);
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'E_DB_PATH' && this.db.engine === 'sqlite') {
        throw new AppError('E_DB_QUERY', 'db query is read-only and the statement tried to write; use sipctl db exec to change data', { cause: err });
      }
      throw err;
    }
  }

  protected render(r: DbQueryResult): string {
    return renderSql(r);
  }
}
