import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeDispatcherById, type DispatcherRow } from '../../src/db/repos/dispatcher.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export interface DispatcherRmResult {
  readonly removed: readonly DispatcherRow[];
}

export default class DispatcherRm extends ProvisionCommand<typeof DispatcherRm, DispatcherRmResult> {
  static override summary = 'Remove a dispatcher row by its id (kamctl dispatcher rm / rmgw).';
  static override description = 'The id is the first column of sipctl dispatcher show. An id that does not exist is an error with exit code 21.';
  static override aliases = ['dispatcher:rmgw'];
  static override examples = ['<%= config.bin %> dispatcher rm 7'];
  static override args = { id: Args.string({ required: true, description: 'row id' }) };

  async run(): Promise<DispatcherRmResult> {
    const id = parseInteger(this.args.id, { min: 0, max: 2 ** 32 - 1, what: 'id' });
    return { removed: [await withDb(this.db, 'rw', (db) => removeDispatcherById(db, id))] };
  }

  protected text(r: DispatcherRmResult): string {
    return `${r.removed.map((d) => `removed ${d.destination} from set ${String(d.setid)}`).join('\n')}\nrun '${this.config.bin} dispatcher reload' to update the running server`;
  }
}
