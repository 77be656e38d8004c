import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeName, type NameRow } from '../../src/db/repos/carrierroute.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type CrRmcnResult = NameRow;

export default class CrRmCn extends ProvisionCommand<typeof CrRmCn, CrRmcnResult> {
  static override summary = 'Remove a carrier from carrier_name by id (kamctl cr rmcn).';
  static override description = 'An id that is not there is an error with exit code 21. Routes that use the id are left alone; run sipctl cr reload afterwards.';
  static override examples = ['<%= config.bin %> cr rmcn 1'];
  static override args = { id: Args.string({ required: true, description: 'carrier id' }) };

  async run(): Promise<CrRmcnResult> {
    const id = parseInteger(this.args.id, { min: 0, what: 'carrier id' });
    return withDb(this.db, 'rw', (db) => removeName(db, 'carrier_name', id));
  }

  protected text(r: CrRmcnResult): string {
    return `removed carrier ${String(r.id)} ${r.name ?? ''}\nrun '${this.config.bin} cr reload' to update the running server`;
  }
}
