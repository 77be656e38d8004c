import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { yesFlag } from '../../src/cli/flags.js';
import { dropDb, type DbDropResult } from '../../src/db/create.js';
import { describeDb } from '../../src/db/settings.js';
import { AppError } from '../../src/errors.js';

export type DbDropCommandResult = DbDropResult;

export default class DbDrop extends DbCommand<typeof DbDrop, DbDropCommandResult> {
  static override summary = 'Delete the database with all its data (kamdbctl drop).';
  static override description =
    'Asks for confirmation unless --yes is given; without a terminal, --yes is required. On PostgreSQL the read-write and read-only roles are dropped too, as kamdbctl does, unless another database still uses them. For SQLite the file is deleted.';
  static override examples = ['<%= config.bin %> db drop', '<%= config.bin %> db drop --yes', 'DBENGINE=PGSQL <%= config.bin %> db drop kamailio_test --yes --json'];
  static override args = {
    database: Args.string({ description: 'database name, or file for SQLite (overrides DBNAME / DB_PATH)' }),
  };
  static override flags = { yes: yesFlag };

  protected override databaseArg(): string | undefined {
    return this.args.database;
  }

  async run(): Promise<DbDropCommandResult> {
    const ok = await this.prompter(this.flags.yes).confirm({ message: `Drop ${describeDb(this.db)} with all its data?`, answeredBy: '--yes' });
    if (!ok) throw new AppError('E_ABORTED', 'drop cancelled; nothing was changed');
    return dropDb(this.db);
  }

  protected render(r: DbDropCommandResult): string {
    const lines = [`${r.database}: ${r.dropped ? 'dropped' : 'did not exist'}`];
    if (r.usersDropped.length > 0) lines.push(`roles dropped: ${r.usersDropped.join(', ')}`);
    if (r.usersKept.length > 0) lines.push(`roles kept (still used elsewhere): ${r.usersKept.join(', ')}`);
    return lines.join('\n');
  }
}
