import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { grantDb, type DbGrantResult } from '../../src/db/create.js';

export default class DbGrant extends DbCommand<typeof DbGrant, DbGrantResult> {
  static override summary = 'Create the read-write and read-only users if missing and grant their privileges (kamdbctl grant).';
  static override description = 'DBRWUSER gets all privileges on the database, DBROUSER read access; on MySQL for DBHOST, localhost and DBACCESSHOST, as kamdbctl. SQLite has no users: nothing to do.';
  static override examples = ['<%= config.bin %> db grant', 'DBENGINE=MYSQL DBACCESSHOST=10.0.0.5 <%= config.bin %> db grant kamailio --json'];
  static override args = {
    database: Args.string({ description: 'database name (overrides DBNAME)' }),
  };

  protected override databaseArg(): string | undefined {
    return this.args.database;
  }

  async run(): Promise<DbGrantResult> {
    return grantDb(this.db);
  }

  protected render(r: DbGrantResult): string {
    return r.users.length === 0 ? `${r.database}: no users to grant` : `${r.database}: grant: ${r.users.join(', ')}`;
  }
}
