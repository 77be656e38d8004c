import { AddTablesCommand } from '../../src/cli/add-tables-command.js';
import { modulesByName } from '../../src/db/tables.js';
import type { SchemaModule } from '../../schema/types.js';

export default class DbPresence extends AddTablesCommand<typeof DbPresence> {
  static override summary = 'Add the presence and rls tables to an existing database (kamdbctl presence).';
  static override description = 'The modules come from the rc key PRESENCE_MODULES. Tables that exist are left alone, so running it twice is harmless.';
  static override examples = ['<%= config.bin %> db presence', '<%= config.bin %> db presence --json'];

  protected modules(): SchemaModule[] {
    return modulesByName(this.rc.list('PRESENCE_MODULES'), 'PRESENCE_MODULES');
  }
}
