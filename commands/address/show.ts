import { Flags } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { listAddresses, type AddressRow } from '../../src/db/repos/address.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface AddressShowResult {
  readonly addresses: readonly AddressRow[];
}

export default class AddressShow extends ProvisionCommand<typeof AddressShow, AddressShowResult> {
  static override summary = 'List the permissions address table (kamctl address show).';
  static override description = 'Reads the database as the read-only user; sipctl address dump shows what the running server has loaded.';
  static override examples = ['<%= config.bin %> address show', '<%= config.bin %> address show --grp 1 --json'];
  static override flags = { grp: Flags.integer({ description: 'only this group', min: 0 }) };

  async run(): Promise<AddressShowResult> {
    return { addresses: await withDb(this.db, 'ro', (db) => listAddresses(db, this.flags.grp)) };
  }

  protected text(r: AddressShowResult): string {
    return table(['id', 'grp', 'ip_addr', 'mask', 'port', 'tag'], r.addresses.map((a) => [a.id, a.grp, a.ip_addr, a.mask, a.port, a.tag]));
  }
}
