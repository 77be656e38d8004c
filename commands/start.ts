import { Flags } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { serverCommand, startServer, type StartResult } from '../src/ctl/server-process.js';

export type StartCommandResult = StartResult;

export default class Start extends BaseCommand<typeof Start, StartCommandResult> {
  static override summary = 'Start the SIP server in the background and wait until it listens (kamctl start).';
  static override description = `Runs KAMBIN (default: this package's sipd) with -P PID_FILE -f <script> and STARTOPTIONS (and -E when SYSLOG=0), then waits until the server is up. If it does not come up, the exit code is 50 and the server's own error is shown, for example the script error with file:line:column.
The script is --cfg, else SIPD_CFG, else /etc/sipd/sipd.cfg when it exists, else the packaged templates/sipd.cfg. sipd's control sockets go under RUNDIR (sipd_ctl for BINRPC, sipd_rpc.fifo for JSON-RPC), where sipctl's other commands look for them.`;
  static override examples = [
    '<%= config.bin %> start',
    '<%= config.bin %> start --cfg /etc/sipd/proxy.cfg',
    { description: 'Drive a real Kamailio instead', command: 'KAMBIN=/usr/sbin/kamailio ETCDIR=/etc/kamailio PID_FILE=/run/kamailio/kamailio.pid <%= config.bin %> start' },
  ];
  static override flags = {
    cfg: Flags.string({ description: 'routing script (rc: SIPD_CFG)' }),
  };

  async run(): Promise<StartCommandResult> {
    return startServer(serverCommand(this.rc, this.flags.cfg));
  }

  protected render(r: StartCommandResult): string {
    return `started: pid ${String(r.pid)}, script ${r.cfgFile}`;
  }
}
