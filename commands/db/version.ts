import { DbCommand } from '../../src/cli/db-command.js';
import { table } from '../../src/cli/render.js';
import { describeDb } from '../../src/db/settings.js';
import { dbStatus } from '../../src/db/status.js';

export interface DbVersionResult {
  readonly database: string;
  readonly kamailioSchema: '5.6';
  readonly rows: readonly { readonly table: string; readonly version: number; readonly expected: number }[];
}

export default class DbVersion extends DbCommand<typeof DbVersion, DbVersionResult> {
  static override summary = 'List the rows of the version table against the versions Kamailio 5.6 expects.';
  static override description = 'Only the version rows; sipctl db status also checks that the tables exist.';
  static override examples = ['<%= config.bin %> db version', '<%= config.bin %> db version --json'];

  async run(): Promise<DbVersionResult> {
    const status = await dbStatus(this.db);
    const rows = status.tables.flatMap((t) => (t.version === null ? [] : [{ table: t.table, version: t.version, expected: t.expected }]));
    return { database: describeDb(this.db), kamailioSchema: '5.6', rows };
  }

  protected render(r: DbVersionResult): string {
    return `${table(['table', 'version', 'expected'], r.rows.map((x) => [x.table, x.version, x.expected]))}\n${r.database}: Kamailio ${r.kamailioSchema} schema`;
  }
}
