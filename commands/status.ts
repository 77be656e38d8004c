import { RpcCommand } from '../src/cli/rpc-command.js';
import { runningPid } from '../src/daemon/pidfile.js';
import { AppError } from '../src/errors.js';
import { isRpcStruct } from '../src/rpc/rpc-value.js';

export interface StatusCommandResult {
  readonly running: boolean;
  readonly pid: number | null;
  readonly pidFile: string;
  /** core.uptime over the control socket; null when it does not answer. */
  readonly uptime: number | null;
  readonly version: string | null;
  readonly control: string;
}

export default class Status extends RpcCommand<typeof Status, StatusCommandResult> {
  static override summary = 'Tell whether the SIP server runs, with its pid, version and uptime.';
  static override description =
    'Looks at PID_FILE, then asks the server over its control socket (core.version, core.uptime). Exit code 0 when the server runs, 52 (E_SERVER_DOWN) when it does not; a running server whose control socket does not answer is reported, not an error.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json', 'sipctl status >/dev/null || sipctl start'];

  async run(): Promise<StatusCommandResult> {
    const pidFile = this.rc.get('PID_FILE') ?? '';
    const pid = runningPid(pidFile) ?? null;
    const control = this.ctlTarget().url;
    if (pid === null) throw new AppError('E_SERVER_DOWN', `the server is not running (no live process in ${pidFile})`);
    let uptime: number | null = null;
    let version: string | null = null;
    try {
      const client = await this.client();
      const v = await client.call('core.version', []);
      const u = await client.call('core.uptime', []);
      version = typeof v === 'string' ? v.trim() : null;
      const up = isRpcStruct(u) ? u['uptime'] : undefined;
      uptime = typeof up === 'number' ? up : null;
    } catch {
      // The process runs; its control socket may be configured elsewhere.
    }
    return { running: true, pid, pidFile, uptime, version, control };
  }

  protected render(r: StatusCommandResult): string {
    const rpc = r.uptime === null ? `control socket ${r.control}: no answer` : `${r.version ?? ''}, up ${String(r.uptime)} s`;
    return `running: pid ${String(r.pid)} (${r.pidFile}); ${rpc}`;
  }
}
