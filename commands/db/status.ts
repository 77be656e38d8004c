import { Flags } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { table } from '../../src/cli/render.js';
import { describeDb } from '../../src/db/settings.js';
import { dbStatus, type DbStatus } from '../../src/db/status.js';

export type DbStatusResult = DbStatus & { readonly database: string };

export default class DbStatusCommand extends DbCommand<typeof DbStatusCommand, DbStatusResult> {
  static override summary = 'Check the database: every Kamailio table, present or not, and its version against Kamailio 5.6.';
  static override description = `Connects as the read-only user (DBROUSER). A table is "ok" when it exists with the expected version row, "old" when its version row is older (sipctl db migrate brings it up to date), "newer" when it is newer, "missing" when its group is installed but the table is not there, "no-version-row" when it exists without a row in the version table, "not-installed" when no table of its schema module exists (only for the optional groups presence, extra and uid).
The exit code is 0 when the database is complete and current, and 10 (E_DB_VERSION) otherwise, so scripts can test it.`;
  static override examples = ['<%= config.bin %> db status', '<%= config.bin %> db status --all-tables', '<%= config.bin %> db status --json | jq .complete'];
  static override flags = {
    'all-tables': Flags.boolean({ description: 'list the tables of groups that are not installed too' }),
  };

  async run(): Promise<DbStatusResult> {
    const status = await dbStatus(this.db);
    if (!status.complete || !status.current) process.exitCode = 10;
    return { database: describeDb(this.db), ...status };
  }

  protected render(r: DbStatusResult): string {
    const rows = r.tables
      .filter((t) => this.flags['all-tables'] || t.state !== 'not-installed')
      .map((t) => [t.table, t.module, t.group, t.version ?? '', t.expected, t.state]);
    const summary = `${r.database}: ${r.complete ? 'complete' : 'INCOMPLETE'}, ${r.current ? 'current' : 'NOT CURRENT'} (groups: ${r.groups.join(', ')})`;
    const foreign = r.foreign.length > 0 ? `\nother tables: ${r.foreign.join(', ')}` : '';
    return `${table(['table', 'module', 'group', 'version', 'expected', 'state'], rows)}\n${summary}${foreign}`;
  }
}
