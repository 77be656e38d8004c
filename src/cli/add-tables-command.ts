/** The shared shape of db presence, db extra, db dbuid and db add-tables: add some modules' tables to an existing database. */
import type { Command } from '@oclif/core';
import type { SchemaModule } from '../../schema/types.js';
import { addTables, type DbAddTablesResult } from '../db/create.js';
import { DbCommand } from './db-command.js';

export abstract class AddTablesCommand<T extends typeof Command> extends DbCommand<T, DbAddTablesResult> {
  protected abstract modules(): SchemaModule[];

  async run(): Promise<DbAddTablesResult> {
    return addTables(this.db, this.modules(), this.progress());
  }

  protected render(r: DbAddTablesResult): string {
    const made = r.tablesCreated.length === 0 ? 'nothing to add, all present' : `created ${r.tablesCreated.join(', ')}`;
    return `${r.database}: ${r.modules.join(' ')}: ${made}`;
  }
}
