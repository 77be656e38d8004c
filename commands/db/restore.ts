import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { restoreDb, type TransferResult } from '../../src/db/backup.js';

export type DbRestoreResult = TransferResult;

export default class DbRestore extends DbCommand<typeof DbRestore, DbRestoreResult> {
  static override summary = 'Load a backup made by sipctl db backup into an empty database of any engine (kamdbctl restore).';
  static override description = `Creates whatever the target lacks (database, users, tables), then checks that every table of the backup is there at the same version and empty, and loads all rows in one transaction: a damaged file or a failed insert leaves the target as it was.`;
  static override examples = ['<%= config.bin %> db restore kamailio-2026-11-26.jsonl.gz', 'DBENGINE=PGSQL DBNAME=kamailio_new <%= config.bin %> db restore kamailio.jsonl'];
  static override args = {
    file: Args.string({ description: 'backup file to read', required: true }),
  };

  async run(): Promise<DbRestoreResult> {
    return restoreDb(this.db, this.args.file, this.progress());
  }

  protected render(r: DbRestoreResult): string {
    return `${r.target}: ${String(r.rows)} rows of ${String(r.tables)} tables restored from ${r.source}`;
  }
}
