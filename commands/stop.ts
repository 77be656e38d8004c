import { BaseCommand } from '../src/cli/base-command.js';
import { stopServer, type StopResult } from '../src/ctl/server-process.js';

export type StopCommandResult = StopResult;

export default class Stop extends BaseCommand<typeof Stop, StopCommandResult> {
  static override summary = 'Stop the SIP server (kamctl stop).';
  static override description =
    'Sends SIGTERM to the process named in PID_FILE and waits until it has ended: sipd answers or finishes the transactions in flight first. A server that is not running is not an error (the result says wasRunning: false); one that does not end within 15 s is (exit 51).';
  static override examples = ['<%= config.bin %> stop', '<%= config.bin %> stop --json'];

  async run(): Promise<StopCommandResult> {
    return stopServer(this.rc.get('PID_FILE') ?? '');
  }

  protected render(r: StopCommandResult): string {
    return r.wasRunning ? `stopped (pid ${String(r.pid)})` : 'not running';
  }
}
