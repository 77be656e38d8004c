import { RpcCommand } from '../../src/cli/rpc-command.js';
import { dispatcherDump, renderDispatcherDump, type DispatcherDumpResult as Result } from '../../src/ctl/dispatcher.js';

export type DispatcherDumpResult = Result;

export default class DispatcherDump extends RpcCommand<typeof DispatcherDump, DispatcherDumpResult> {
  static override summary = 'Show the dispatcher sets the server holds, with each destination\'s state (kamctl dispatcher dump, dispatcher.list).';
  static override description = `State letters as dispatcher prints them: A active, I inactive, D disabled, T trying, P probing, X not set.
--json gives {sets: [{id, targets: [{uri, flags, priority, attrs, duid, weight, socket}]}]}, sets in ascending order.`;
  static override examples = ['<%= config.bin %> dispatcher dump', '<%= config.bin %> dispatcher dump --json | jq \'.sets[] | select(.id == 1)\''];

  async run(): Promise<DispatcherDumpResult> {
    return dispatcherDump(await this.caller());
  }

  protected render(r: DispatcherDumpResult): string {
    return renderDispatcherDump(r);
  }
}
