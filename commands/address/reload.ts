import { RpcCommand } from '../../src/cli/rpc-command.js';
import { addressReload } from '../../src/ctl/permissions.js';
import type { MessageResult } from '../../src/ctl/dispatcher.js';

export type AddressReloadResult = MessageResult;

export default class AddressReload extends RpcCommand<typeof AddressReload, AddressReloadResult> {
  static override summary = 'Reload the permissions address table into the server (kamctl address reload).';
  static override description = 'Runs permissions.addressReload on the server. --json gives {message}, the server\'s answer (empty when it sends none). A server without the module answers with a fault (E_RPC_FAULT, exit 33).';
  static override examples = ['<%= config.bin %> address reload', '<%= config.bin %> address reload --ctl unix:/run/kamailio/kamailio_ctl'];

  async run(): Promise<AddressReloadResult> {
    return addressReload(await this.caller());
  }

  protected render(r: AddressReloadResult): string {
    return r.message === '' ? 'reloaded' : r.message;
  }
}
