import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeDispatcherByAddress } from '../../src/db/repos/dispatcher.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';
import type { DispatcherRmResult } from './rm.js';

export default class DispatcherRmip extends ProvisionCommand<typeof DispatcherRmip, DispatcherRmResult> {
  static override summary = 'Remove the destinations of a set that point at an address (kamctl 6 dispatcher rmip).';
  static override description = 'Compares the host of each destination URI with the address (an IP address or host name), whatever its port and transport. No match is an error with exit code 21.';
  static override examples = ['<%= config.bin %> dispatcher rmip 192.0.2.30 1'];
  static override args = {
    address: Args.string({ required: true, description: 'IP address or host name of the destination' }),
    setid: Args.string({ required: true, description: 'set number' }),
  };

  async run(): Promise<DispatcherRmResult> {
    const setid = parseInteger(this.args.setid, { what: 'setid' });
    return { removed: await withDb(this.db, 'rw', (db) => removeDispatcherByAddress(db, this.args.address, setid)) };
  }

  protected text(r: DispatcherRmResult): string {
    return `${r.removed.map((d) => `removed ${d.destination} from set ${String(d.setid)}`).join('\n')}\nrun '${this.config.bin} dispatcher reload' to update the running server`;
  }
}
