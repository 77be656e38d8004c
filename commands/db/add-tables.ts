import { Args } from '@oclif/core';
import { AddTablesCommand } from '../../src/cli/add-tables-command.js';
import { modulesByName } from '../../src/db/tables.js';
import type { SchemaModule } from '../../schema/types.js';

export default class DbAddTables extends AddTablesCommand<typeof DbAddTables> {
  static override summary = 'Add the tables of the named schema modules to an existing database (kamdbctl add-tables).';
  static override description = 'A module is the name of a Kamailio schema script: auth_db, usrloc, dispatcher, htable, uid_domain … Tables that exist are left alone.';
  static override examples = ['<%= config.bin %> db add-tables htable', '<%= config.bin %> db add-tables dialog dispatcher --json'];
  static override strict = false;
  static override args = {
    module: Args.string({ description: 'schema module name (several may follow)', required: true }),
  };

  protected modules(): SchemaModule[] {
    return modulesByName(this.positional, 'db add-tables');
  }
}
