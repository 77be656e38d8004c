import { Args, Flags } from '@oclif/core';
import { ctlFlags } from '../../src/cli/rpc-command.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeRegistrations, type UlRemoval } from '../../src/provision/cli/ul-remove.js';
import { removeSubscriber } from '../../src/provision/subscriber.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';

export interface SubscriberRmResult {
  readonly username: string;
  readonly domain: string;
  /** grp rows removed with the subscriber. */
  readonly groupsRemoved: number;
  /** dbaliases rows that pointed at the subscriber, removed. */
  readonly aliasesRemoved: number;
  /** What happened to the registrations on the running server (null with --no-ul). */
  readonly registrations: UlRemoval | null;
}

export default class SubscriberRm extends ProvisionCommand<typeof SubscriberRm, SubscriberRmResult> {
  static override summary = 'Remove a subscriber, its ACL groups, its aliases and its registrations (kamctl rm).';
  static override description = `In one transaction: the subscriber's grp rows, the dbaliases rows that point at it, and the subscriber row. Then, as kamctl does, the registrations of user@domain are removed from the running server with ul.rm (usrloc table --ul-table, default location) over the control socket (--ctl, CTLURL or CTLENGINE). When no server can be reached the subscriber is still removed: the output and registrations.status ("unreachable") say so. A missing subscriber is E_NOT_FOUND (exit 21). "sipctl rm USER" is the same command.`;
  static override examples = ['<%= config.bin %> subscriber rm alice@example.com', '<%= config.bin %> rm alice --json', '<%= config.bin %> subscriber rm alice --ctl unix:/run/kamailio/kamailio_ctl'];
  static override strict = false;
  static override args = { user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)' }) };
  static override flags = {
    ...ctlFlags,
    'ul-table': Flags.string({ description: 'usrloc table whose registrations are removed', default: 'location' }),
    'no-ul': Flags.boolean({ description: 'leave the registrations on the server alone' }),
  };

  async run(): Promise<SubscriberRmResult> {
    const [user = ''] = this.argsBetween(1, 1, 'rm [subscriber] USER', 'subscriber');
    const key = this.identity('USER', user);
    const removed = await removeSubscriber(await this.connection('rw'), this.tables, key);
    const registrations = this.flags['no-ul']
      ? null
      : await removeRegistrations({ rc: this.rc, ctlFlag: this.flags.ctl, timeoutFlag: this.flags.timeout, table: this.flags['ul-table'], aor: formatUserDomain(key) });
    return { ...key, groupsRemoved: removed.groups, aliasesRemoved: removed.aliases, registrations };
  }

  protected text(r: SubscriberRmResult): string {
    const lines = [`subscriber ${formatUserDomain(r)} removed, with ${String(r.groupsRemoved)} ACL group(s) and ${String(r.aliasesRemoved)} alias(es)`];
    if (r.registrations !== null) lines.push(r.registrations.message);
    return lines.join('\n');
  }
}
