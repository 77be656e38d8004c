import { RpcCommand } from '../../src/cli/rpc-command.js';
import { ps, type PsResult as Ps } from '../../src/ctl/core.js';
import { renderPs } from '../../src/ctl/core-view.js';

export type PsResult = Ps;

export default class PsCommand extends RpcCommand<typeof PsCommand, PsResult> {
  static override summary = 'List the server\'s processes: index, pid and role (kamctl ps, core.psx).';
  static override description = '--json gives {processes: [{idx, pid, description}]}.';
  static override examples = ['<%= config.bin %> ps', '<%= config.bin %> ps --json | jq \'.processes[] | select(.description | test("udp")) | .pid\''];

  async run(): Promise<PsResult> {
    return ps(await this.caller());
  }

  protected render(r: PsResult): string {
    return renderPs(r);
  }
}
