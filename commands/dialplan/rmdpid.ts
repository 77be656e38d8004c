import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeDialplanId } from '../../src/db/repos/dialplan.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';
import type { DialplanRmruleResult } from './rmrule.js';

export type DialplanRmdpidResult = DialplanRmruleResult;

export default class DialplanRmdpid extends ProvisionCommand<typeof DialplanRmdpid, DialplanRmdpidResult> {
  static override summary = 'Remove every rule of a dialplan id (kamctl dialplan rmdpid).';
  static override description = 'A dpid without rules is an error with exit code 21. Run sipctl dialplan reload afterwards.';
  static override examples = ['<%= config.bin %> dialplan rmdpid 1'];
  static override args = { dpid: Args.string({ required: true, description: 'dialplan id' }) };

  async run(): Promise<DialplanRmdpidResult> {
    const dpid = parseInteger(this.args.dpid, { what: 'dpid' });
    return { removed: await withDb(this.db, 'rw', (db) => removeDialplanId(db, dpid)) };
  }

  protected text(r: DialplanRmdpidResult): string {
    return `removed ${String(r.removed.length)} rule(s)\nrun '${this.config.bin} dialplan reload' to update the running server`;
  }
}
