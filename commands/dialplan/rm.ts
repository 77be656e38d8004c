import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { yesFlag } from '../../src/cli/flags.js';
import { countDialplan, removeAllDialplan } from '../../src/db/repos/dialplan.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { AppError } from '../../src/errors.js';

export interface DialplanRmResult {
  readonly removed: number;
}

export default class DialplanRm extends ProvisionCommand<typeof DialplanRm, DialplanRmResult> {
  static override summary = 'Remove every rule of the dialplan table (kamctl dialplan rm), after asking.';
  static override description = 'kamctl empties the table without a word; sipctl asks first. --yes answers for scripts; under --json or without a terminal the question fails with exit code 15 unless --yes is given. Declining is exit code 14.';
  static override examples = ['<%= config.bin %> dialplan rm', '<%= config.bin %> dialplan rm --yes'];
  static override flags = { yes: yesFlag };

  async run(): Promise<DialplanRmResult> {
    return withDb(this.db, 'rw', async (db) => {
      const n = await countDialplan(db);
      if (n === 0) return { removed: 0 };
      const ok = await this.prompter(this.flags.yes).confirm({ message: `Remove all ${String(n)} dialplan rules?`, answeredBy: '--yes' });
      if (!ok) throw new AppError('E_ABORTED', 'the dialplan table was left as it was');
      return { removed: await removeAllDialplan(db) };
    });
  }

  protected text(r: DialplanRmResult): string {
    return r.removed === 0 ? 'the dialplan table was already empty' : `removed ${String(r.removed)} rule(s)\nrun '${this.config.bin} dialplan reload' to update the running server`;
  }
}
