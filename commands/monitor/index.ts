import { Args } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { parseCycles, runMonitor, type MonitorResult as Monitor } from '../../src/ctl/monitor.js';

export type MonitorResult = Monitor;

export default class MonitorCommand extends RpcCommand<typeof MonitorCommand, MonitorResult> {
  static override summary = 'Watch the server live: transactions, replies, user location, core counters and memory (kamctl monitor).';
  static override description = `Refreshes every WATCH_PERIOD seconds (default 2) with the change since the last refresh beside each value. On a terminal it is a full-screen view until CYCLES refreshes are done or Ctrl-C; elsewhere it prints CYCLES plain snapshots (default 1), so scripts never hang.
If the server stops answering after the first refresh, the view says so and keeps trying. --json gives {snapshots: [{cycle, at, version, uptime, sections: [{title, stats: [{name, value, delta}]}]}]}.`;
  static override examples = ['<%= config.bin %> monitor', '<%= config.bin %> monitor 5', 'WATCH_PERIOD=1 <%= config.bin %> monitor 10 --json'];
  static override args = {
    cycles: Args.string({ description: 'number of refreshes (default: until Ctrl-C on a terminal, 1 otherwise)' }),
  };

  async run(): Promise<MonitorResult> {
    const screen = this.interactive;
    const cycles = this.args.cycles === undefined ? (screen ? undefined : 1) : parseCycles(this.args.cycles);
    const period = this.rc.int('WATCH_PERIOD') ?? 2;
    const abort = new AbortController();
    const stop = (): void => {
      abort.abort();
    };
    process.once('SIGINT', stop);
    this.onCleanup(() => {
      process.off('SIGINT', stop);
      return Promise.resolve();
    });
    return runMonitor({
      rpc: await this.caller(),
      cycles,
      periodMs: Math.max(1, period) * 1000,
      mode: this.jsonEnabled() ? 'quiet' : screen ? 'screen' : 'plain',
      write: (text) => process.stdout.write(text),
      width: () => (process.stdout.isTTY ? process.stdout.columns : 100),
      signal: abort.signal,
    });
  }

  /** The frames were written while running. */
  protected render(): string {
    return '';
  }
}
