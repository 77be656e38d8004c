import { Flags } from '@oclif/core';
import { yesFlag } from '../../src/cli/flags.js';
import { UsrPreferencesRepo } from '../../src/db/repos/usr-preferences.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { avpFilter, validateTableName } from '../../src/provision/avp.js';
import { avpFlags } from './list.js';

export interface AvpRmResult {
  readonly table: string;
  readonly removed: number;
}

export default class AvpRm extends ProvisionCommand<typeof AvpRm, AvpRmResult> {
  static override summary = 'Remove user preferences (AVPs) that match the filters (kamctl avp rm).';
  static override description = `Deletes the rows that match every filter given. Without any filter kamctl empties the table; sipctl does so only with --all, after a yes at the prompt or --yes. Nothing matching is E_NOT_FOUND (exit 21).`;
  static override examples = ['<%= config.bin %> avp rm -u alice@example.com -a callfwd', '<%= config.bin %> avp rm -T my_prefs --all --yes --json'];
  static override flags = { ...avpFlags, all: Flags.boolean({ description: 'remove every row of the table (needs a yes)' }), yes: yesFlag };

  async run(): Promise<AvpRmResult> {
    const name = validateTableName('-T', this.flags.table ?? this.tables.usrPreferences);
    const filter = avpFilter({ user: this.flags.user, attribute: this.flags.attribute, value: this.flags.value, type: this.flags.type });
    const empty = Object.keys(filter).length === 0;
    if (empty && !this.flags.all) throw new AppError('E_USAGE', 'give at least one filter (-u, -a, -v, -t), or --all to empty the table');
    if (!empty && this.flags.all) throw new AppError('E_USAGE', '--all removes every row; it cannot be combined with filters');
    if (empty && !(await this.prompter(this.flags.yes).confirm({ message: `Remove every row of ${name}?`, answeredBy: '--yes' }))) throw new AppError('E_ABORTED', `nothing removed from ${name}`);
    const removed = await new UsrPreferencesRepo(await this.connection('rw'), name).remove(filter);
    if (removed === 0) throw new AppError('E_NOT_FOUND', `no AVP in ${name} matches`);
    return { table: name, removed };
  }

  protected text(r: AvpRmResult): string {
    return `${String(r.removed)} AVP(s) removed from ${r.table}`;
  }
}
