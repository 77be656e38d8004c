import { RpcCommand } from '../../src/cli/rpc-command.js';
import { trustedReload } from '../../src/ctl/permissions.js';
import type { MessageResult } from '../../src/ctl/dispatcher.js';

export type TrustedReloadResult = MessageResult;

export default class TrustedReload extends RpcCommand<typeof TrustedReload, TrustedReloadResult> {
  static override summary = 'Reload the permissions trusted table into the server (kamctl trusted reload).';
  static override description = 'Runs permissions.trustedReload on the server. --json gives {message}, the server\'s answer (empty when it sends none). A server without the module answers with a fault (E_RPC_FAULT, exit 33).';
  static override examples = ['<%= config.bin %> trusted reload', '<%= config.bin %> trusted reload --ctl unix:/run/kamailio/kamailio_ctl'];

  async run(): Promise<TrustedReloadResult> {
    return trustedReload(await this.caller());
  }

  protected render(r: TrustedReloadResult): string {
    return r.message === '' ? 'reloaded' : r.message;
  }
}
