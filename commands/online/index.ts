import { RpcCommand } from '../../src/cli/rpc-command.js';
import { online, type OnlineResult as Online } from '../../src/ctl/usrloc.js';
import { renderOnline } from '../../src/ctl/usrloc-view.js';

export type OnlineResult = Online;

export default class OnlineCommand extends RpcCommand<typeof OnlineCommand, OnlineResult> {
  static override summary = 'List the AoRs that have registered contacts, one per line, sorted (kamctl online).';
  static override description = 'Uses ul.dump brief. --json gives {aors: [...]}.';
  static override examples = ['<%= config.bin %> online', '<%= config.bin %> online | wc -l'];

  async run(): Promise<OnlineResult> {
    return online(await this.caller());
  }

  protected render(r: OnlineResult): string {
    return renderOnline(r);
  }
}
