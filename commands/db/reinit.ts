import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { chooseModules, groupFlags } from '../../src/cli/db-groups.js';
import { yesFlag } from '../../src/cli/flags.js';
import { createDb, dropDb, type DbCreateResult, type DbDropResult } from '../../src/db/create.js';
import { describeDb } from '../../src/db/settings.js';
import { AppError } from '../../src/errors.js';

export interface DbReinitResult {
  readonly drop: DbDropResult;
  readonly create: DbCreateResult;
}

export default class DbReinit extends DbCommand<typeof DbReinit, DbReinitResult> {
  static override summary = 'Drop the database and create it again, empty (kamdbctl reinit).';
  static override description = 'Asks for confirmation unless --yes is given. The table groups are chosen as for db create.';
  static override examples = ['<%= config.bin %> db reinit --yes --all', '<%= config.bin %> db reinit --no-presence --no-extra --no-uid'];
  static override args = {
    database: Args.string({ description: 'database name, or file for SQLite (overrides DBNAME / DB_PATH)' }),
  };
  static override flags = { ...groupFlags, yes: yesFlag };

  protected override databaseArg(): string | undefined {
    return this.args.database;
  }

  async run(): Promise<DbReinitResult> {
    const prompter = this.prompter(this.flags.yes);
    // Choose the groups first, so that a refused question leaves the database untouched.
    const modules = await chooseModules(this.rc, this.flagValues(), prompter);
    const ok = await prompter.confirm({ message: `Drop ${describeDb(this.db)} with all its data and create it again?`, answeredBy: '--yes' });
    if (!ok) throw new AppError('E_ABORTED', 'reinit cancelled; nothing was changed');
    const drop = await dropDb(this.db);
    const create = await createDb(this.db, { modules, progress: this.progress() });
    return { drop, create };
  }

  protected render(r: DbReinitResult): string {
    return `${r.create.database}: dropped and created again with ${String(r.create.tablesCreated.length)} tables`;
  }
}
