import { Flags } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { serverCommand, startServer, stopServer, type StartResult, type StopResult } from '../src/ctl/server-process.js';

export interface RestartCommandResult {
  readonly stop: StopResult;
  readonly start: StartResult;
}

export default class Restart extends BaseCommand<typeof Restart, RestartCommandResult> {
  static override summary = 'Stop the SIP server and start it again (kamctl restart).';
  static override description = 'The same as sipctl stop followed by sipctl start; the script is checked by the new start, and when it fails the old server is already gone, as with kamctl.';
  static override examples = ['<%= config.bin %> restart', '<%= config.bin %> restart --cfg /etc/sipd/new.cfg'];
  static override flags = {
    cfg: Flags.string({ description: 'routing script (rc: SIPD_CFG)' }),
  };

  async run(): Promise<RestartCommandResult> {
    const cmd = serverCommand(this.rc, this.flags.cfg);
    const stop = await stopServer(cmd.pidFile);
    const start = await startServer(cmd);
    return { stop, start };
  }

  protected render(r: RestartCommandResult): string {
    return `restarted: pid ${String(r.start.pid)}, script ${r.start.cfgFile}`;
  }
}
