import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { revokeDb, type DbGrantResult } from '../../src/db/create.js';

export default class DbRevoke extends DbCommand<typeof DbRevoke, DbGrantResult> {
  static override summary = 'Take away the privileges of the read-write and read-only users on the database (kamdbctl revoke).';
  static override description = 'The users themselves stay. SQLite has no users: nothing to do.';
  static override examples = ['<%= config.bin %> db revoke', 'DBENGINE=MYSQL DBACCESSHOST=10.0.0.5 <%= config.bin %> db revoke kamailio --json'];
  static override args = {
    database: Args.string({ description: 'database name (overrides DBNAME)' }),
  };

  protected override databaseArg(): string | undefined {
    return this.args.database;
  }

  async run(): Promise<DbGrantResult> {
    return revokeDb(this.db);
  }

  protected render(r: DbGrantResult): string {
    return r.users.length === 0 ? `${r.database}: no users to revoke` : `${r.database}: revoke: ${r.users.join(', ')}`;
  }
}
