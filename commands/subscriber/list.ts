import { Flags } from '@oclif/core';
import { table } from '../../src/cli/render.js';
import { SubscriberRepo } from '../../src/db/repos/subscriber.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { validateDomain } from '../../src/provision/validate/user-domain.js';
import { HIDDEN, showSecretsFlag, subscriberView, type SubscriberView } from './show.js';

export interface SubscriberListResult {
  readonly subscribers: readonly SubscriberView[];
  /** True when --limit cut the list short. */
  readonly truncated: boolean;
}

export default class SubscriberList extends ProvisionCommand<typeof SubscriberList, SubscriberListResult> {
  static override summary = 'List subscribers, all or of one domain.';
  static override description = `Reads as the read-only user (DBROUSER), in id order. --like filters user names with an SQL LIKE pattern (% and _), bound as a value. Secrets are hidden unless --show-secrets. For a file of every subscriber use subscriber export.`;
  static override examples = ['<%= config.bin %> subscriber list', '<%= config.bin %> subscriber list -d example.com --like "a%"', '<%= config.bin %> subscriber list --json --limit 100'];
  static override flags = {
    domain: Flags.string({ char: 'd', description: 'only subscribers of this domain' }),
    like: Flags.string({ description: 'only user names matching this SQL LIKE pattern' }),
    limit: Flags.integer({ description: 'at most this many rows', default: 1000, min: 1 }),
    'show-secrets': showSecretsFlag,
  };

  async run(): Promise<SubscriberListResult> {
    const domain = this.flags.domain === undefined ? undefined : validateDomain('--domain', this.flags.domain);
    const repo = new SubscriberRepo(await this.connection('ro'), this.tables.subscriber);
    const rows = await repo.list({ ...(domain === undefined ? {} : { domain }), ...(this.flags.like === undefined ? {} : { usernameLike: this.flags.like }), limit: this.flags.limit + 1 });
    return { subscribers: rows.slice(0, this.flags.limit).map((r) => subscriberView(r, this.flags['show-secrets'])), truncated: rows.length > this.flags.limit };
  }

  protected text(r: SubscriberListResult): string {
    const rows = r.subscribers.map((s) => [s.id, s.username, s.domain, s.ha1 ?? HIDDEN, s.hasPlaintext ? (s.password ?? 'stored') : '']);
    const more = r.truncated ? `\n(more rows: raise --limit)` : '';
    return `${table(['id', 'username', 'domain', 'ha1', 'password'], rows)}\n${String(r.subscribers.length)} subscriber(s)${more}`;
  }
}
