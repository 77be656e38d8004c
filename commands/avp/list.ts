import { Flags } from '@oclif/core';
import { table } from '../../src/cli/render.js';
import { UsrPreferencesRepo, type AvpRow } from '../../src/db/repos/usr-preferences.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { avpFilter, validateTableName } from '../../src/provision/avp.js';

export interface AvpListResult {
  readonly table: string;
  readonly rows: readonly AvpRow[];
}

export const avpFlags = {
  table: Flags.string({ char: 'T', description: 'table of usr_preferences\' shape (rc: AVP_TABLE, default usr_preferences)' }),
  user: Flags.string({ char: 'u', description: 'owner: user@domain, or else a uuid' }),
  attribute: Flags.string({ char: 'a', description: 'attribute name' }),
  value: Flags.string({ char: 'v', description: 'value' }),
  type: Flags.string({ char: 't', description: 'type: 0 str:str, 1 str:int, 2 int:str, 3 int:int' }),
};

export function avpTable(rows: readonly AvpRow[]): string {
  return table(['uuid', 'username', 'domain', 'attribute', 'type', 'value'], rows.map((r) => [r.uuid, r.username, r.domain, r.attribute, r.type, r.value]));
}

export default class AvpList extends ProvisionCommand<typeof AvpList, AvpListResult> {
  static override summary = 'List user preferences (AVPs), filtered by owner, attribute, value and type (kamctl avp list).';
  static override description = 'Reads usr_preferences (or the table -T names) as the read-only user; the filters are AND-ed and bound as values.';
  static override examples = ['<%= config.bin %> avp list -u alice@example.com', '<%= config.bin %> avp list -a callfwd -t 0 --json', '<%= config.bin %> avp list -T my_prefs'];
  static override flags = avpFlags;

  async run(): Promise<AvpListResult> {
    const name = validateTableName('-T', this.flags.table ?? this.tables.usrPreferences);
    const filter = avpFilter({ user: this.flags.user, attribute: this.flags.attribute, value: this.flags.value, type: this.flags.type });
    return { table: name, rows: await new UsrPreferencesRepo(await this.connection('ro'), name).list(filter) };
  }

  protected text(r: AvpListResult): string {
    return `${avpTable(r.rows)}\n${String(r.rows.length)} AVP(s) in ${r.table}`;
  }
}
