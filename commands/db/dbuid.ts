import { AddTablesCommand } from '../../src/cli/add-tables-command.js';
import { modulesByName } from '../../src/db/tables.js';
import type { SchemaModule } from '../../schema/types.js';

export default class DbDbuid extends AddTablesCommand<typeof DbDbuid> {
  static override summary = 'Add the uid_* tables to an existing database (kamdbctl dbuid).';
  static override description = 'The modules come from the rc key UID_MODULES. Tables that exist are left alone, so running it twice is harmless.';
  static override examples = ['<%= config.bin %> db dbuid', '<%= config.bin %> db dbuid --json'];

  protected modules(): SchemaModule[] {
    return modulesByName(this.rc.list('UID_MODULES'), 'UID_MODULES');
  }
}
