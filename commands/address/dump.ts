import { RpcCommand } from '../../src/cli/rpc-command.js';
import { addressDump, renderAddressDump, type AddressDumpResult as Result } from '../../src/ctl/permissions.js';

export type AddressDumpResult = Result;

export default class AddressDump extends RpcCommand<typeof AddressDump, AddressDumpResult> {
  static override summary = 'Show the permissions address entries the server has loaded (kamctl address dump).';
  static override description = 'Joins permissions.addressDump (single addresses) and permissions.subnetDump (networks). --json gives {addresses: [{group, ip, mask, port, tag}]}; port 0 means any.';
  static override examples = ['<%= config.bin %> address dump', '<%= config.bin %> address dump --json'];

  async run(): Promise<AddressDumpResult> {
    return addressDump(await this.caller());
  }

  protected render(r: AddressDumpResult): string {
    return renderAddressDump(r);
  }
}
