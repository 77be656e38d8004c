import { RpcCommand } from '../../src/cli/rpc-command.js';
import { dialplanReload } from '../../src/ctl/dialplan.js';
import type { MessageResult } from '../../src/ctl/dispatcher.js';

export type DialplanReloadResult = MessageResult;

export default class DialplanReload extends RpcCommand<typeof DialplanReload, DialplanReloadResult> {
  static override summary = 'Reload the dialplan rules into the server (kamctl dialplan reload).';
  static override description = 'Runs dialplan.reload on the server. --json gives {message}, the server\'s answer (empty when it sends none). A server without the module answers with a fault (E_RPC_FAULT, exit 33).';
  static override examples = ['<%= config.bin %> dialplan reload', '<%= config.bin %> dialplan reload --ctl unix:/run/kamailio/kamailio_ctl'];

  async run(): Promise<DialplanReloadResult> {
    return dialplanReload(await this.caller());
  }

  protected render(r: DialplanReloadResult): string {
    return r.message === '' ? 'reloaded' : r.message;
  }
}
