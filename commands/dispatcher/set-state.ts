import { Args } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { AppError } from '../../src/errors.js';
import { dispatcherSetState, parseState, type SetStateResult } from '../../src/ctl/dispatcher.js';

export type DispatcherSetStateResult = SetStateResult;

export default class DispatcherSetState extends RpcCommand<typeof DispatcherSetState, DispatcherSetStateResult> {
  static override summary = 'Set a dispatcher destination active, inactive or disabled (dispatcher.set_state).';
  static override description = `STATE is a (active), i (inactive) or d (disabled), optionally with p (probing): ap, ip … DESTINATION is the URI as dispatcher dump shows it, or "all" for every destination of the set. The change lives in memory until the next reload.
An unknown set or destination is E_NOT_FOUND (exit 21). --json gives {state, setId, destination, message}.`;
  static override examples = ['<%= config.bin %> dispatcher set-state i 1 sip:192.0.2.20:5060', '<%= config.bin %> dispatcher set-state ap 1 all'];
  static override args = {
    state: Args.string({ description: 'a, i or d, optionally with p', required: true }),
    set: Args.string({ description: 'set id', required: true }),
    destination: Args.string({ description: 'destination URI, or all', required: true }),
  };

  async run(): Promise<DispatcherSetStateResult> {
    const set = this.args.set.trim();
    if (!/^\d{1,9}$/.test(set)) throw new AppError('E_USAGE', `the set id must be a whole number, not "${this.args.set}"`);
    return dispatcherSetState(await this.caller(), { state: parseState(this.args.state), setId: Number(set), destination: this.args.destination });
  }

  protected render(r: DispatcherSetStateResult): string {
    return r.message === '' ? `set ${String(r.setId)} ${r.destination}: state ${r.state}` : r.message;
  }
}
