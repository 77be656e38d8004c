import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeAddress, type AddressRow } from '../../src/db/repos/address.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseIp } from '../../src/provision/validate/ip.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export interface AddressRmResult {
  readonly removed: readonly AddressRow[];
}

export default class AddressRm extends ProvisionCommand<typeof AddressRm, AddressRmResult> {
  static override summary = 'Remove an address from a permissions address group (kamctl address rm).';
  static override description = 'Removes every row of the group with that address, whatever its mask and port, as kamctl does. Nothing to remove is an error with exit code 21.';
  static override examples = ['<%= config.bin %> address rm 1 192.0.2.10'];
  static override args = {
    grp: Args.string({ required: true, description: 'group number' }),
    address: Args.string({ required: true, description: 'the address as stored (IP address or host name)' }),
  };

  async run(): Promise<AddressRmResult> {
    const grp = parseInteger(this.args.grp, { min: 0, max: 2 ** 32 - 1, what: 'group' });
    const address = this.args.address;
    if (!/^[A-Za-z0-9.-]+$/.test(address)) parseIp(address, 'address');
    return { removed: await withDb(this.db, 'rw', (db) => removeAddress(db, grp, address)) };
  }

  protected text(r: AddressRmResult): string {
    return `removed ${r.removed.map((a) => `${a.ip_addr}/${String(a.mask)}:${String(a.port)}`).join(', ')} from group ${String(r.removed[0]?.grp ?? '')}\nrun '${this.config.bin} address reload' to update the running server`;
  }
}
