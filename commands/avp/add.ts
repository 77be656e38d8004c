import { Args, Flags } from '@oclif/core';
import { UsrPreferencesRepo, type NewAvp } from '../../src/db/repos/usr-preferences.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { avpOwner, parseAvpType, validateTableName } from '../../src/provision/avp.js';
import { sqlNow } from '../../src/provision/db-conflict.js';
import { checkText, usageError } from '../../src/provision/validate/validation.js';

export interface AvpAddResult {
  readonly table: string;
  readonly avp: NewAvp;
}

export default class AvpAdd extends ProvisionCommand<typeof AvpAdd, AvpAddResult> {
  static override summary = 'Add a user preference (AVP) (kamctl avp add).';
  static override description = `Inserts (uuid, username, domain, attribute, type, value, last_modified). The owner is user@domain (stored in username and domain) or else a uuid. TYPE is 0 str:str, 1 str:int, 2 int:str or 3 int:int; a value of an :int type must be a whole number. Lengths are checked against the columns (attribute 32, value 128).`;
  static override examples = ['<%= config.bin %> avp add alice@example.com callfwd 0 sip:bob@example.com', '<%= config.bin %> avp add -T my_prefs 0a1b2c3d maxcalls 1 5 --json'];
  static override args = {
    owner: Args.string({ description: 'user@domain, or a uuid', required: true }),
    attribute: Args.string({ description: 'attribute name (at most 32 characters)', required: true }),
    type: Args.string({ description: '0 str:str, 1 str:int, 2 int:str, 3 int:int', required: true }),
    value: Args.string({ description: 'the value (at most 128 characters)', required: true }),
  };
  static override flags = { table: Flags.string({ char: 'T', description: 'table of usr_preferences\' shape (rc: AVP_TABLE, default usr_preferences)' }) };

  async run(): Promise<AvpAddResult> {
    const name = validateTableName('-T', this.flags.table ?? this.tables.usrPreferences);
    const owner = avpOwner('OWNER', this.args.owner);
    const type = parseAvpType('TYPE', this.args.type);
    const value = checkText('VALUE', this.args.value, 128, { allowEmpty: true });
    if ((type === 1 || type === 3) && !/^-?\d+$/.test(value)) throw usageError('VALUE', `${JSON.stringify(value)} is not a whole number, and type ${String(type)} has an integer value`);
    const avp: NewAvp = { ...owner, attribute: checkText('ATTRIBUTE', this.args.attribute, 32), type, value, lastModified: sqlNow() };
    await new UsrPreferencesRepo(await this.connection('rw'), name).add(avp);
    return { table: name, avp };
  }

  protected text(r: AvpAddResult): string {
    return `AVP ${r.avp.attribute}=${JSON.stringify(r.avp.value)} added to ${r.table}`;
  }
}
