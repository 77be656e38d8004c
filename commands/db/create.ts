import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { chooseModules, groupFlags } from '../../src/cli/db-groups.js';
import { yesFlag } from '../../src/cli/flags.js';
import { createDb, type CreateStep, type DbCreateResult } from '../../src/db/create.js';

export type DbCreateCommandResult = DbCreateResult & { readonly durationMs: number };

const STEP_QUESTION: Readonly<Record<CreateStep, string>> = {
  database: 'Create the database?',
  users: 'Create the database users with access privileges?',
  tables: 'Create the standard tables?',
};

export default class DbCreate extends DbCommand<typeof DbCreate, DbCreateCommandResult> {
  static override summary = 'Create the database, its users and the Kamailio 5.6 tables (kamdbctl create).';
  static override description = `Makes what is missing and leaves what exists: a second run succeeds and changes nothing, and a run that failed half-way is completed by the next one.
The standard tables are always created; presence, extra and uid tables by flag, by rc key (INSTALL_PRESENCE_TABLES, INSTALL_EXTRA_TABLES, INSTALL_DBUID_TABLES = yes|no|ask) or by a question on a terminal.
On MySQL and PostgreSQL the administrator (DBROOTUSER, DBROOTPW) creates the database and the users DBRWUSER (all privileges) and DBROUSER (read only), as kamdbctl does; with DBINITASK=yes each of these steps is asked first.`;
  static override examples = [
    { description: 'Embedded SQLite database with every table group, no questions', command: '<%= config.bin %> db create --yes' },
    { description: 'MariaDB, standard and presence tables', command: 'DBENGINE=MYSQL <%= config.bin %> db create --presence --no-extra --no-uid' },
    { description: 'PostgreSQL database named on the command line', command: '<%= config.bin %> db create kamailio2 --db-engine PGSQL --all' },
  ];
  static override args = {
    database: Args.string({ description: 'database name, or file for SQLite (overrides DBNAME / DB_PATH)' }),
  };
  static override flags = { ...groupFlags, yes: yesFlag };

  protected override databaseArg(): string | undefined {
    return this.args.database;
  }

  async run(): Promise<DbCreateCommandResult> {
    const started = performance.now();
    const prompter = this.prompter(this.flags.yes);
    const modules = await chooseModules(this.rc, this.flagValues(), prompter);
    const askEach = this.rc.bool('DBINITASK');
    const result = await createDb(this.db, {
      modules,
      progress: this.progress(),
      ...(askEach ? { confirm: (step: CreateStep) => prompter.confirm({ message: STEP_QUESTION[step], answeredBy: '--yes or DBINITASK=no' }) } : {}),
    });
    return { ...result, durationMs: Math.round(performance.now() - started) };
  }

  protected render(r: DbCreateCommandResult): string {
    const lines = [
      `${r.database}: ${r.databaseCreated ? 'created' : 'exists'}`,
      `tables created: ${String(r.tablesCreated.length)}, already present: ${String(r.tablesExisting.length)}`,
    ];
    if (r.usersCreated.length > 0) lines.push(`users created: ${r.usersCreated.join(', ')}`);
    if (r.tablesCreated.length === 0 && r.versionRowsAdded.length === 0 && !r.databaseCreated) lines.push('nothing to do: the database is complete');
    return lines.join('\n');
  }
}
