import { Args, Flags } from '@oclif/core';
import { loadRc } from '../../src/config/rc-load.js';
import { dbSettings } from '../../src/db/settings.js';
import { DbCommand } from '../../src/cli/db-command.js';
import { copyDb, parseTarget, type TransferResult } from '../../src/db/backup.js';

export type DbCopyResult = TransferResult;

export default class DbCopy extends DbCommand<typeof DbCopy, DbCopyResult> {
  static override summary = 'Copy the database into another one, of the same or another engine (kamdbctl copy).';
  static override description = `TARGET is a database URL — sqlite:/path/file.sqlite, mysql://ADMIN@host:port/name, postgres://ADMIN@host:port/name — or a bare name for a new database on the same server (as kamdbctl copy). ADMIN is the administrator that creates the target database and its users. The users and their passwords (DBRWUSER, DBROUSER …) are the source's, or those of the rc file named with --target-rc, whose engine, host and name the URL may override. Give an administrator password through DBROOTPW-style URLs only on trusted machines: command lines are visible to other users.
The target is created as needed and must be empty; rows are loaded in one transaction.`;
  static override examples = [
    { description: 'From the embedded SQLite database to PostgreSQL', command: '<%= config.bin %> db copy postgres://postgres@127.0.0.1/kamailio' },
    { description: 'A second MySQL database on the same server', command: 'DBENGINE=MYSQL <%= config.bin %> db copy kamailio_copy' },
    { description: 'To a database described by its own rc file', command: '<%= config.bin %> db copy pgsql:kamailio --target-rc /etc/sipctl/pg.rc' },
  ];
  static override flags = {
    'target-rc': Flags.string({ description: 'rc file with the target\'s settings (users, passwords, host, engine)' }),
  };
  static override args = {
    target: Args.string({ description: 'target database URL or name', required: true }),
  };

  async run(): Promise<DbCopyResult> {
    const source = this.db;
    const rcFile = this.flags['target-rc'];
    // The target's file alone: the environment describes the source.
    const base = rcFile === undefined ? source : dbSettings(loadRc({ rcFile, env: {} }));
    return copyDb(source, parseTarget(this.args.target, base), this.progress());
  }

  protected render(r: DbCopyResult): string {
    return `${String(r.rows)} rows of ${String(r.tables)} tables copied from ${r.source} to ${r.target}`;
  }
}
