import { AddTablesCommand } from '../../src/cli/add-tables-command.js';
import { modulesByName } from '../../src/db/tables.js';
import type { SchemaModule } from '../../schema/types.js';

export default class DbExtra extends AddTablesCommand<typeof DbExtra> {
  static override summary = 'Add the extra (carrierroute, drouting, htable, uac …) tables to an existing database (kamdbctl extra).';
  static override description = 'The modules come from the rc key EXTRA_MODULES. Tables that exist are left alone, so running it twice is harmless.';
  static override examples = ['<%= config.bin %> db extra', '<%= config.bin %> db extra --json'];

  protected modules(): SchemaModule[] {
    return modulesByName(this.rc.list('EXTRA_MODULES'), 'EXTRA_MODULES');
  }
}
