import { Args } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { parseDebugLevel, srvDebug, type SrvDebugResult as Result } from '../../src/ctl/core.js';
import { renderSrv } from '../../src/ctl/core-view.js';

export type SrvDebugResult = Result;

export default class SrvDebug extends RpcCommand<typeof SrvDebug, SrvDebugResult> {
  static override summary = 'Show or set the server\'s core log level (kamctl srv debug, corex.debug).';
  static override description = 'Without LEVEL prints the current level; with it sets it (Kamailio: -5 alert … 3 debug). --json gives {what: "debug", level, changed}.';
  static override examples = ['<%= config.bin %> srv debug', '<%= config.bin %> srv debug 3', '<%= config.bin %> srv debug -- -1'];
  static override args = {
    level: Args.string({ description: 'new log level' }),
  };

  async run(): Promise<SrvDebugResult> {
    const level = this.args.level === undefined ? undefined : parseDebugLevel(this.args.level);
    return srvDebug(await this.caller(), level);
  }

  protected render(r: SrvDebugResult): string {
    return renderSrv(r);
  }
}
