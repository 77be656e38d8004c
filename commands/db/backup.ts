import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { backupDb, type TransferResult } from '../../src/db/backup.js';

export type DbBackupResult = TransferResult;

export default class DbBackup extends DbCommand<typeof DbBackup, DbBackupResult> {
  static override summary = 'Write every Kamailio table\'s rows and versions to a portable file (kamdbctl backup).';
  static override description = `The file is JSON lines (gzip-compressed when its name ends in .gz): a header with the engine, each table's version and columns, then the rows. Unlike kamdbctl's engine-specific dumps it loads into any engine with sipctl db restore.
The file appears under its name only when complete. Reads as the read-only user.`;
  static override examples = ['<%= config.bin %> db backup kamailio-$(date +%F).jsonl.gz', 'DBENGINE=MYSQL <%= config.bin %> db backup /var/backups/kamailio.jsonl --json'];
  static override args = {
    file: Args.string({ description: 'backup file to write', required: true }),
  };

  async run(): Promise<DbBackupResult> {
    return backupDb(this.db, this.args.file);
  }

  protected render(r: DbBackupResult): string {
    return `${r.source}: ${String(r.rows)} rows of ${String(r.tables)} tables written to ${r.target}`;
  }
}
