import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeName, type NameRow } from '../../src/db/repos/carrierroute.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type CrRmdnResult = NameRow;

export default class CrRmDn extends ProvisionCommand<typeof CrRmDn, CrRmdnResult> {
  static override summary = 'Remove a routing domain from domain_name by id (kamctl cr rmdn).';
  static override description = 'An id that is not there is an error with exit code 21. Routes that use the id are left alone; run sipctl cr reload afterwards.';
  static override examples = ['<%= config.bin %> cr rmdn 1'];
  static override args = { id: Args.string({ required: true, description: 'routing domain id' }) };

  async run(): Promise<CrRmdnResult> {
    const id = parseInteger(this.args.id, { min: 0, what: 'routing domain id' });
    return withDb(this.db, 'rw', (db) => removeName(db, 'domain_name', id));
  }

  protected text(r: CrRmdnResult): string {
    return `removed routing domain ${String(r.id)} ${r.name ?? ''}\nrun '${this.config.bin} cr reload' to update the running server`;
  }
}
