import { RpcCommand } from '../../src/cli/rpc-command.js';
import { dispatcherReload } from '../../src/ctl/dispatcher.js';
import type { MessageResult } from '../../src/ctl/dispatcher.js';

export type DispatcherReloadResult = MessageResult;

export default class DispatcherReload extends RpcCommand<typeof DispatcherReload, DispatcherReloadResult> {
  static override summary = 'Reload the dispatcher destinations from their list file or table (kamctl dispatcher reload).';
  static override description = 'Runs dispatcher.reload on the server. --json gives {message}, the server\'s answer (empty when it sends none). A server without the module answers with a fault (E_RPC_FAULT, exit 33).';
  static override examples = ['<%= config.bin %> dispatcher reload', '<%= config.bin %> dispatcher reload --ctl unix:/run/kamailio/kamailio_ctl'];

  async run(): Promise<DispatcherReloadResult> {
    return dispatcherReload(await this.caller());
  }

  protected render(r: DispatcherReloadResult): string {
    return r.message === '' ? 'reloaded' : r.message;
  }
}
