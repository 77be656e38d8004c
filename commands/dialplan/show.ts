import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { listDialplan, type DialplanRow } from '../../src/db/repos/dialplan.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export interface DialplanShowResult {
  readonly rules: readonly DialplanRow[];
}

const OP_NAMES = ['equal', 'regexp', 'fnmatch'];

export default class DialplanShow extends ProvisionCommand<typeof DialplanShow, DialplanShowResult> {
  static override summary = 'List dialplan rules, all or of one dpid, by dpid and priority (kamctl dialplan show).';
  static override description = 'Reads the database as the read-only user. match_op is shown by name (equal, regexp, fnmatch); --json keeps the stored number.';
  static override examples = ['<%= config.bin %> dialplan show', '<%= config.bin %> dialplan show 1 --json'];
  static override args = { dpid: Args.string({ description: 'only this dialplan id' }) };

  async run(): Promise<DialplanShowResult> {
    const dpid = this.args.dpid === undefined ? undefined : parseInteger(this.args.dpid, { what: 'dpid' });
    return { rules: await withDb(this.db, 'ro', (db) => listDialplan(db, dpid)) };
  }

  protected text(r: DialplanShowResult): string {
    return table(
      ['id', 'dpid', 'pr', 'match_op', 'match_exp', 'match_len', 'subst_exp', 'repl_exp', 'attrs'],
      r.rules.map((d) => [d.id, d.dpid, d.pr, OP_NAMES[d.match_op] ?? d.match_op, d.match_exp, d.match_len, d.subst_exp, d.repl_exp, d.attrs]),
    );
  }
}
