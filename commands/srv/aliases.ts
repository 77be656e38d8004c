import { RpcCommand } from '../../src/cli/rpc-command.js';
import { srvAliases, type SrvAliasesResult as Result } from '../../src/ctl/core.js';
import { renderSrv } from '../../src/ctl/core-view.js';

export type SrvAliasesResult = Result;

export default class SrvAliases extends RpcCommand<typeof SrvAliases, SrvAliasesResult> {
  static override summary = 'List the server\'s domain aliases (kamctl srv aliases, corex.list_aliases).';
  static override description = 'The alias= names in the order the server lists them (Kamailio: the last declared first). The table shows * for any protocol or port; --json gives {what: "aliases", aliases: [{proto, address, port}]}, where proto "*" and port 0 mean any.';
  static override examples = ['<%= config.bin %> srv aliases', '<%= config.bin %> srv aliases --json'];

  async run(): Promise<SrvAliasesResult> {
    return srvAliases(await this.caller());
  }

  protected render(r: SrvAliasesResult): string {
    return renderSrv(r);
  }
}
