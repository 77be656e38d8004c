import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { addName, type NameRow } from '../../src/db/repos/carrierroute.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type CrAdddnResult = NameRow;

export default class CrAddDn extends ProvisionCommand<typeof CrAddDn, CrAdddnResult> {
  static override summary = 'Add a routing domain id and name to domain_name (kamctl cr adddn).';
  static override description = 'An id or name already in domain_name is an error with exit code 20. Run sipctl cr reload afterwards.';
  static override examples = ['<%= config.bin %> cr adddn 1 default'];
  static override args = {
    id: Args.string({ required: true, description: 'routing domain id' }),
    name: Args.string({ required: true, description: 'routing domain name' }),
  };

  async run(): Promise<CrAdddnResult> {
    const id = parseInteger(this.args.id, { min: 1, what: 'routing domain id' });
    return withDb(this.db, 'rw', (db) => addName(db, 'domain_name', id, this.args.name));
  }

  protected text(r: CrAdddnResult): string {
    return `added routing domain ${String(r.id)} ${r.name ?? ''}\nrun '${this.config.bin} cr reload' to load it into the running server`;
  }
}
