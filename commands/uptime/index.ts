import { RpcCommand } from '../../src/cli/rpc-command.js';
import { uptime, type UptimeResult as Uptime } from '../../src/ctl/core.js';
import { renderUptime } from '../../src/ctl/core-view.js';

export type UptimeResult = Uptime;

export default class UptimeCommand extends RpcCommand<typeof UptimeCommand, UptimeResult> {
  static override summary = 'Show how long the server has been running (kamctl uptime, core.uptime).';
  static override description = 'Prints the uptime, the start time and the server\'s clock. --json gives {now, upSince, uptime} with uptime in seconds.';
  static override examples = ['<%= config.bin %> uptime', '<%= config.bin %> uptime --ctl unix:/run/kamailio/kamailio_ctl --json'];

  async run(): Promise<UptimeResult> {
    return uptime(await this.caller());
  }

  protected render(r: UptimeResult): string {
    return renderUptime(r);
  }
}
