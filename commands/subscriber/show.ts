import { Args, Flags } from '@oclif/core';
import { keyValues } from '../../src/cli/render.js';
import type { ColumnValue } from '../../src/db/repos/subscriber.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { findSubscriber } from '../../src/provision/subscriber.js';

export const showSecretsFlag = Flags.boolean({ description: 'show password, ha1 and ha1b instead of hiding them' });

/** A subscriber as shown: secrets are null unless --show-secrets. */
export interface SubscriberView {
  readonly id: number;
  readonly username: string;
  readonly domain: string;
  readonly password: string | null;
  readonly ha1: string | null;
  readonly ha1b: string | null;
  /** Whether the clear-text password column is filled. */
  readonly hasPlaintext: boolean;
  /** Columns an installation added to the table. */
  readonly extra: Readonly<Record<string, ColumnValue>>;
}

export type SubscriberShowResult = SubscriberView;

export function subscriberView(
  r: { id: number; username: string; domain: string; password: string; ha1: string; ha1b: string; extra: Readonly<Record<string, ColumnValue>> },
  showSecrets: boolean,
): SubscriberView {
  return {
    id: r.id,
    username: r.username,
    domain: r.domain,
    password: showSecrets ? r.password : null,
    ha1: showSecrets ? r.ha1 : null,
    ha1b: showSecrets ? r.ha1b : null,
    hasPlaintext: r.password !== '',
    extra: r.extra,
  };
}

export const HIDDEN = '(hidden; --show-secrets)';

export default class SubscriberShow extends ProvisionCommand<typeof SubscriberShow, SubscriberShowResult> {
  static override summary = 'Show one subscriber (kamctl show).';
  static override description = `Reads the row as the read-only user (DBROUSER). password, ha1 and ha1b are hidden (null in --json) unless --show-secrets; hasPlaintext tells whether a clear-text password is stored. Columns an installation added to the table are listed too. A missing subscriber is E_NOT_FOUND (exit 21). "sipctl show USER" is the same command.`;
  static override examples = ['<%= config.bin %> subscriber show alice@example.com', '<%= config.bin %> show alice --json', '<%= config.bin %> subscriber show alice --show-secrets'];
  static override strict = false;
  static override args = { user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)' }) };
  static override flags = { 'show-secrets': showSecretsFlag };

  async run(): Promise<SubscriberShowResult> {
    const [user = ''] = this.argsBetween(1, 1, 'show [subscriber] USER', 'subscriber');
    const row = await findSubscriber(await this.connection('ro'), this.tables, this.identity('USER', user));
    return subscriberView(row, this.flags['show-secrets']);
  }

  protected text(r: SubscriberShowResult): string {
    return keyValues([
      ['id', r.id],
      ['username', r.username],
      ['domain', r.domain],
      ['password', r.password ?? (r.hasPlaintext ? HIDDEN : '')],
      ['ha1', r.ha1 ?? HIDDEN],
      ['ha1b', r.ha1b ?? HIDDEN],
      ...Object.entries(r.extra),
    ]);
  }
}
