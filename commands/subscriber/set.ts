import { Args, Flags } from '@oclif/core';
import type { ColumnValue } from '../../src/db/repos/subscriber.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { setSubscriberColumn, type SetValueKind } from '../../src/provision/subscriber.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';

export interface SubscriberSetResult {
  readonly username: string;
  readonly domain: string;
  readonly column: string;
  readonly value: ColumnValue;
}

export default class SubscriberSet extends ProvisionCommand<typeof SubscriberSet, SubscriberSetResult> {
  static override summary = 'Set one column of a subscriber row (kamctl sets and setn).';
  static override description = `For the columns an installation adds to subscriber (email_address, rpid, …). The column must exist in the live table; id, username, domain and the credentials (password, ha1, ha1b; use subscriber passwd) are refused. A numeric column takes a whole number (kamctl setn), any other a text that fits its length (kamctl sets); --null stores NULL where the column allows it. The value is bound, never pasted into SQL. A missing subscriber is E_NOT_FOUND (exit 21). "sipctl sets" and "sipctl setn" (a whole number only) are kamctl's spellings.`;
  static override examples = ['<%= config.bin %> subscriber set alice@example.com email_address alice@example.com', '<%= config.bin %> subscriber set alice rpid --null'];
  static override args = {
    user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }),
    column: Args.string({ description: 'the column to set', required: true }),
    value: Args.string({ description: 'the new value (omit with --null)' }),
  };
  static override flags = { null: Flags.boolean({ description: 'store NULL', default: false }) };

  /** What VALUE may be; setn takes numbers only. */
  protected valueKind(): SetValueKind {
    return 'text';
  }

  async run(): Promise<SubscriberSetResult> {
    const key = this.identity('USER', this.args.user);
    const { column, value } = this.args;
    if (this.flags.null === (value !== undefined)) throw new AppError('E_USAGE', 'give either a VALUE or --null');
    const stored = await setSubscriberColumn(await this.connection('rw'), this.tables, key, column, value ?? null, this.valueKind());
    return { ...key, column, value: stored };
  }

  protected text(r: SubscriberSetResult): string {
    return `${formatUserDomain(r)}: ${r.column} set to ${r.value === null ? 'NULL' : JSON.stringify(r.value)}`;
  }
}
