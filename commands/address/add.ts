import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { keyValues } from '../../src/cli/render.js';
import { addAddress, addressEntry, type AddressRow } from '../../src/db/repos/address.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type AddressAddResult = AddressRow;

export default class AddressAdd extends ProvisionCommand<typeof AddressAdd, AddressAddResult> {
  static override summary = 'Add an address or subnet to a permissions address group (kamctl address add).';
  static override description = `The address is IPv4, IPv6, a subnet written address/prefix, or a host name. Defaults as kamctl: mask 32, port 0 (any), empty tag — except that an IPv6 address without a mask gets 128, a single host, where kamctl writes 32.
The same group, address, mask and port twice is an error with exit code 20. Run sipctl address reload afterwards.`;
  static override examples = [
    '<%= config.bin %> address add 1 192.0.2.10',
    '<%= config.bin %> address add 1 10.0.0.0/8',
    '<%= config.bin %> address add 2 2001:db8::/32 0 5060 carrier-a',
  ];
  static override args = {
    grp: Args.string({ required: true, description: 'group number (0 and up)' }),
    address: Args.string({ required: true, description: 'IP address, address/prefix or host name' }),
    mask: Args.string({ description: 'prefix length: 0–32 (IPv4), 0–128 (IPv6)' }),
    port: Args.string({ description: 'port, 0 for any (default 0)' }),
    tag: Args.string({ description: 'tag returned by allow_address() in a variable' }),
  };

  async run(): Promise<AddressAddResult> {
    const a = this.args;
    const entry = addressEntry(parseInteger(a.grp, { min: 0, max: 2 ** 32 - 1, what: 'group' }), a.address, a.mask, a.port, a.tag);
    return withDb(this.db, 'rw', (db) => addAddress(db, entry));
  }

  protected text(r: AddressAddResult): string {
    return `${keyValues([['id', r.id], ['grp', r.grp], ['ip_addr', r.ip_addr], ['mask', r.mask], ['port', r.port], ['tag', r.tag]])}\nrun '${this.config.bin} address reload' to load it into the running server`;
  }
}
