import { RpcCommand } from '../../src/cli/rpc-command.js';
import { srvVersion, type SrvVersionResult as Result } from '../../src/ctl/core.js';
import { renderSrv } from '../../src/ctl/core-view.js';

export type SrvVersionResult = Result;

export default class SrvVersion extends RpcCommand<typeof SrvVersion, SrvVersionResult> {
  static override summary = 'Show the server\'s version string (kamctl srv version, core.version).';
  static override description = '--json gives {what: "version", version}.';
  static override examples = ['<%= config.bin %> srv version', '<%= config.bin %> srv version --json'];

  async run(): Promise<SrvVersionResult> {
    return srvVersion(await this.caller());
  }

  protected render(r: SrvVersionResult): string {
    return renderSrv(r);
  }
}
