import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { addName, type NameRow } from '../../src/db/repos/carrierroute.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type CrAddcnResult = NameRow;

export default class CrAddCn extends ProvisionCommand<typeof CrAddCn, CrAddcnResult> {
  static override summary = 'Add a carrier id and name to carrier_name (kamctl cr addcn).';
  static override description = 'An id or name already in carrier_name is an error with exit code 20. Run sipctl cr reload afterwards.';
  static override examples = ['<%= config.bin %> cr addcn 1 carrier_a'];
  static override args = {
    id: Args.string({ required: true, description: 'carrier id' }),
    name: Args.string({ required: true, description: 'carrier name' }),
  };

  async run(): Promise<CrAddcnResult> {
    const id = parseInteger(this.args.id, { min: 1, what: 'carrier id' });
    return withDb(this.db, 'rw', (db) => addName(db, 'carrier_name', id, this.args.name));
  }

  protected text(r: CrAddcnResult): string {
    return `added carrier ${String(r.id)} ${r.name ?? ''}\nrun '${this.config.bin} cr reload' to load it into the running server`;
  }
}
