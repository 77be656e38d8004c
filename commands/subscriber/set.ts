import { Args, Flags } from '@oclif/core';
import { SubscriberRepo, type ColumnValue } from '../../src/db/repos/subscriber.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';
import { checkText, orUsage } from '../../src/provision/validate/validation.js';

export interface SubscriberSetResult {
  readonly username: string;
  readonly domain: string;
  readonly column: string;
  readonly value: ColumnValue;
}

/** Columns that set must not touch: the key, and the credentials that passwd keeps consistent. */
const PROTECTED = ['id', 'username', 'domain', 'password', 'ha1', 'ha1b'];
const NUMERIC = /int|numeric|decimal|float|double|real/;

export default class SubscriberSet extends ProvisionCommand<typeof SubscriberSet, SubscriberSetResult> {
  static override summary = 'Set one column of a subscriber row (kamctl sets and setn).';
  static override description = `For the columns an installation adds to subscriber (email_address, rpid, …). The column must exist in the live table; id, username, domain and the credentials (password, ha1, ha1b; use subscriber passwd) are refused. A numeric column takes a whole number (kamctl setn), any other a text that fits its length (kamctl sets); --null stores NULL where the column allows it. The value is bound, never pasted into SQL. A missing subscriber is E_NOT_FOUND (exit 21).`;
  static override examples = ['<%= config.bin %> subscriber set alice@example.com email_address alice@example.com', '<%= config.bin %> subscriber set alice rpid --null'];
  static override args = {
    user: Args.string({ ignoreStdin: true, description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }),
    column: Args.string({ ignoreStdin: true, description: 'the column to set', required: true }),
    value: Args.string({ ignoreStdin: true, description: 'the new value (omit with --null)' }),
  };
  static override flags = { null: Flags.boolean({ description: 'store NULL' }) };

  async run(): Promise<SubscriberSetResult> {
    const key = this.identity('USER', this.args.user);
    const column = this.args.column;
    if (PROTECTED.includes(column)) throw new AppError('E_USAGE', `COLUMN: ${column} cannot be set this way${['password', 'ha1', 'ha1b'].includes(column) ? '; use sipctl subscriber passwd' : ''}`);
    if (this.flags.null === (this.args.value !== undefined)) throw new AppError('E_USAGE', 'give either a VALUE or --null');
    const repo = new SubscriberRepo(await this.connection('rw'), this.tables.subscriber);
    const info = (await repo.columns()).get(column);
    if (info === undefined) throw new AppError('E_USAGE', `COLUMN: the ${this.tables.subscriber} table has no column ${JSON.stringify(column)}`);
    let value: ColumnValue = null;
    if (this.args.value !== undefined) {
      if (NUMERIC.test(info.type)) {
        if (!/^-?\d{1,18}$/.test(this.args.value)) throw new AppError('E_USAGE', `VALUE: ${column} is numeric (${info.type}); ${JSON.stringify(this.args.value)} is not a whole number`);
        value = Number(this.args.value);
      } else {
        value = orUsage(checkText('VALUE', this.args.value, info.maxLength ?? Number.MAX_SAFE_INTEGER, { allowEmpty: true }));
      }
    } else if (!info.nullable) {
      throw new AppError('E_USAGE', `${column} does not allow NULL`);
    }
    if ((await repo.setColumn(key, column, value)) === 0) throw new AppError('E_NOT_FOUND', `subscriber ${formatUserDomain(key)} does not exist`);
    return { ...key, column, value };
  }

  protected text(r: SubscriberSetResult): string {
    return `${formatUserDomain(r)}: ${r.column} set to ${r.value === null ? 'NULL' : JSON.stringify(r.value)}`;
  }
}
