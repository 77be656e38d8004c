import { Flags } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { table } from '../../src/cli/render.js';
import { migrateDb, type MigrateResult } from '../../src/db/migrations.js';

export type DbMigrateResult = MigrateResult;

export default class DbMigrate extends DbCommand<typeof DbMigrate, DbMigrateResult> {
  static override summary = 'Bring tables with older version rows up to Kamailio 5.6 (kamdbctl has no such command).';
  static override description = `Reads the version table, finds for each older table the chain of upgrades to the version Kamailio 5.6 expects and applies them, each with its version row. When any table cannot be brought up to date (no known upgrade, or a newer version), nothing is changed and the exit code is 10 (E_DB_VERSION).`;
  static override examples = ['<%= config.bin %> db migrate --dry-run', '<%= config.bin %> db migrate --json'];
  static override flags = {
    'dry-run': Flags.boolean({ description: 'list the upgrades without applying them' }),
  };

  async run(): Promise<DbMigrateResult> {
    return migrateDb(this.db, { dryRun: this.flags['dry-run'] });
  }

  protected render(r: DbMigrateResult): string {
    if (r.steps.length === 0) return `${r.database}: every table is current`;
    const verb = r.dryRun ? 'would apply' : 'applied';
    return `${table(['table', 'from', 'to', 'change'], r.steps.map((s) => [s.table, s.from, s.to, s.description]))}\n${r.database}: ${verb} ${String(r.steps.length)} upgrades`;
  }
}
