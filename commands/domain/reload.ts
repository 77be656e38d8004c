import { RpcCommand } from '../../src/cli/rpc-command.js';
import { domainReload } from '../../src/ctl/domain.js';
import type { MessageResult } from '../../src/ctl/dispatcher.js';

export type DomainReloadResult = MessageResult;

export default class DomainReload extends RpcCommand<typeof DomainReload, DomainReloadResult> {
  static override summary = 'Reload the domain table into the server (kamctl domain reload).';
  static override description = 'Runs domain.reload on the server. --json gives {message}, the server\'s answer (empty when it sends none). A server without the module answers with a fault (E_RPC_FAULT, exit 33).';
  static override examples = ['<%= config.bin %> domain reload', '<%= config.bin %> domain reload --ctl unix:/run/kamailio/kamailio_ctl'];

  async run(): Promise<DomainReloadResult> {
    return domainReload(await this.caller());
  }

  protected render(r: DomainReloadResult): string {
    return r.message === '' ? 'reloaded' : r.message;
  }
}
