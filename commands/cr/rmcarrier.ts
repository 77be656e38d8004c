import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeRoutes, type CarrierRouteRow } from '../../src/db/repos/carrierroute.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export interface CrRmcarrierResult {
  readonly removed: readonly CarrierRouteRow[];
}

export default class CrRmcarrier extends ProvisionCommand<typeof CrRmcarrier, CrRmcarrierResult> {
  static override summary = 'Remove the routes of a carrier for a prefix and domain (kamctl cr rmcarrier).';
  static override description = 'No such route is an error with exit code 21. Run sipctl cr reload afterwards.';
  static override examples = ['<%= config.bin %> cr rmcarrier 1 49 1'];
  static override args = {
    carrier: Args.string({ required: true, description: 'carrier id' }),
    scan_prefix: Args.string({ required: true, description: 'number prefix' }),
    domain: Args.string({ required: true, description: 'routing domain id' }),
  };

  async run(): Promise<CrRmcarrierResult> {
    const carrier = parseInteger(this.args.carrier, { min: 0, max: 2 ** 32 - 1, what: 'carrier id' });
    const domain = parseInteger(this.args.domain, { min: 0, max: 2 ** 32 - 1, what: 'domain id' });
    return { removed: await withDb(this.db, 'rw', (db) => removeRoutes(db, carrier, this.args.scan_prefix, domain)) };
  }

  protected text(r: CrRmcarrierResult): string {
    return `removed ${String(r.removed.length)} route(s)\nrun '${this.config.bin} cr reload' to update the running server`;
  }
}
