import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeDialplanRule, type DialplanRow } from '../../src/db/repos/dialplan.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export interface DialplanRmruleResult {
  readonly removed: readonly DialplanRow[];
}

export default class DialplanRmrule extends ProvisionCommand<typeof DialplanRmrule, DialplanRmruleResult> {
  static override summary = 'Remove the dialplan rules of a dpid at one priority (kamctl dialplan rmrule).';
  static override description = 'No rule there is an error with exit code 21. Run sipctl dialplan reload afterwards.';
  static override examples = ['<%= config.bin %> dialplan rmrule 1 10'];
  static override args = {
    dpid: Args.string({ required: true, description: 'dialplan id' }),
    pr: Args.string({ required: true, description: 'priority' }),
  };

  async run(): Promise<DialplanRmruleResult> {
    const dpid = parseInteger(this.args.dpid, { what: 'dpid' });
    const pr = parseInteger(this.args.pr, { what: 'priority' });
    return { removed: await withDb(this.db, 'rw', (db) => removeDialplanRule(db, dpid, pr)) };
  }

  protected text(r: DialplanRmruleResult): string {
    return `removed ${String(r.removed.length)} rule(s)\nrun '${this.config.bin} dialplan reload' to update the running server`;
  }
}
