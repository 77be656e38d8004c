import { Args } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { dialplanTranslate, parseDpid, renderTranslate, type TranslateResult } from '../../src/ctl/dialplan.js';

export type DialplanTranslateResult = TranslateResult;

export default class DialplanTranslate extends RpcCommand<typeof DialplanTranslate, DialplanTranslateResult> {
  static override summary = 'Run a string through a dialplan of the server, to test its rules (dialplan.translate).';
  static override description = 'Prints the output and the attributes of the matching rule. No matching rule is E_NOT_FOUND (exit 21). --json gives {dpid, input, output, attributes}.';
  static override examples = ['<%= config.bin %> dialplan translate 1 0301234567', '<%= config.bin %> dialplan translate 1 112 --json'];
  static override args = {
    dpid: Args.string({ description: 'dialplan id', required: true }),
    input: Args.string({ description: 'string to translate', required: true }),
  };

  async run(): Promise<DialplanTranslateResult> {
    return dialplanTranslate(await this.caller(), parseDpid(this.args.dpid), this.args.input);
  }

  protected render(r: DialplanTranslateResult): string {
    return renderTranslate(r);
  }
}
