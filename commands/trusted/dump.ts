import { RpcCommand } from '../../src/cli/rpc-command.js';
import { renderTrustedDump, trustedDump, type TrustedDumpResult as Result } from '../../src/ctl/permissions.js';

export type TrustedDumpResult = Result;

export default class TrustedDump extends RpcCommand<typeof TrustedDump, TrustedDumpResult> {
  static override summary = 'Show the permissions trusted entries the server has loaded (kamctl trusted dump).';
  static override description = 'Runs permissions.trustedDump. --json gives {entries: [{…members as the server names them: ip, proto, pattern, ruri_pattern, tag, priority}]}.';
  static override examples = ['<%= config.bin %> trusted dump', '<%= config.bin %> trusted dump --json'];

  async run(): Promise<TrustedDumpResult> {
    return trustedDump(await this.caller());
  }

  protected render(r: TrustedDumpResult): string {
    return renderTrustedDump(r);
  }
}
