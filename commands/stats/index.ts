import { Args } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { getStats, type StatsResult as Stats } from '../../src/ctl/stats.js';
import { renderStats } from '../../src/ctl/stats-view.js';

export type StatsResult = Stats;

export default class StatsCommand extends RpcCommand<typeof StatsCommand, StatsResult> {
  static override summary = 'Show the server\'s statistics as a table (kamctl stats, stats.get_statistics).';
  static override description = `With no argument every statistic. An argument is a group (sl, tm, usrloc, shmem, core …; "sl:" also works), a statistic (rcv_requests) or group:name (core:rcv_requests); several may be given.
--json gives {stats: [{group, name, value}]}. Naming something the server does not have is E_NOT_FOUND (exit 21).`;
  static override examples = ['<%= config.bin %> stats', '<%= config.bin %> stats sl', '<%= config.bin %> stats usrloc shmem', '<%= config.bin %> stats core:rcv_requests --json'];
  static override strict = false;
  static override args = {
    selector: Args.string({ description: 'group, statistic or group:name (any number)' }),
  };

  async run(): Promise<StatsResult> {
    return getStats(await this.caller(), this.positional);
  }

  protected render(r: StatsResult): string {
    return renderStats(r);
  }
}
