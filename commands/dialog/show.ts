import { RpcCommand } from '../../src/cli/rpc-command.js';
import { dialogShow, renderDialogShow, type DialogShowResult as Result } from '../../src/ctl/dialog.js';

export type DialogShowResult = Result;

export default class DialogShow extends RpcCommand<typeof DialogShow, DialogShowResult> {
  static override summary = 'Show the dialogs the server tracks (kamctl dialog show, dlg.list).';
  static override description = '--json gives {dialogs: [{hEntry, hId, callId, fromUri, toUri, state, startTs, duration, timeout, caller, callee}]}; state 1 unconfirmed, 2 early, 3 confirmed, 4 established, 5 ended.';
  static override examples = ['<%= config.bin %> dialog show', '<%= config.bin %> dialog show --json | jq \'.dialogs | length\''];

  async run(): Promise<DialogShowResult> {
    return dialogShow(await this.caller());
  }

  protected render(r: DialogShowResult): string {
    return renderDialogShow(r);
  }
}
