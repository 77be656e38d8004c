import { RpcCommand } from '../../src/cli/rpc-command.js';
import { srvModules, type SrvModulesResult as Result } from '../../src/ctl/core.js';
import { renderSrv } from '../../src/ctl/core-view.js';

export type SrvModulesResult = Result;

export default class SrvModules extends RpcCommand<typeof SrvModules, SrvModulesResult> {
  static override summary = 'List the modules the server has loaded (kamctl srv modules, core.modules).';
  static override description = '--json gives {what: "modules", modules: [...]}.';
  static override examples = ['<%= config.bin %> srv modules', '<%= config.bin %> srv modules --json'];

  async run(): Promise<SrvModulesResult> {
    return srvModules(await this.caller());
  }

  protected render(r: SrvModulesResult): string {
    return renderSrv(r);
  }
}
