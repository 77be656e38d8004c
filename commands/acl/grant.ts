import { Args } from '@oclif/core';
import { yesFlag } from '../../src/cli/flags.js';
import type { GrpRow } from '../../src/db/repos/grp.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { grantGroups } from '../../src/provision/acl.js';
import { checkAclGroup } from '../../src/provision/validate/acl-group.js';
import { aclTable } from './show.js';

export interface AclGrantResult {
  readonly username: string;
  readonly domain: string;
  readonly granted: readonly string[];
  /** False when VERIFY_USER found no such subscriber and the grant went ahead anyway. */
  readonly subscriberExists: boolean;
  /** The user's groups afterwards. */
  readonly rows: readonly GrpRow[];
}

export default class AclGrant extends ProvisionCommand<typeof AclGrant, AclGrantResult> {
  static override summary = 'Put a user into one or more ACL groups (kamctl acl grant).';
  static override description = `Inserts grp(username, domain, grp, last_modified) per group, all in one transaction. With VERIFY_ACL=1 (the default) every group must be listed in ACL_GROUPS, otherwise nothing is written and the exit code is 2 (kamctl skips such groups and grants the rest). With VERIFY_USER=1 (the default) a user who is not a local subscriber needs a yes at the prompt or --yes, as in kamctl. A group the user already has is E_EXISTS (exit 20), and nothing is written.`;
  static override examples = ['<%= config.bin %> acl grant alice@example.com local ld', '<%= config.bin %> acl grant bob@other.net voicemail --yes --json'];
  static override strict = false;
  static override args = {
    user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)' }),
    group: Args.string({ description: 'ACL group(s); more may follow' }),
  };
  static override flags = { yes: yesFlag };

  async run(): Promise<AclGrantResult> {
    const [user = '', ...groupArgs] = this.argsBetween(2, Number.MAX_SAFE_INTEGER, 'acl grant USER GROUP [GROUP...]');
    const key = this.identity('USER', user);
    const policy = { verify: this.rc.bool('VERIFY_ACL'), allowed: (this.rc.get('ACL_GROUPS') ?? '').split(/\s+/).filter((g) => g !== '') };
    const groups = groupArgs.map((g) => checkAclGroup('GROUP', g, policy));
    const out = await grantGroups(await this.connection('rw'), this.tables, key, groups, {
      verifyUser: this.rc.bool('VERIFY_USER'),
      confirmForeign: (q) => this.prompter(this.flags.yes).confirm({ message: q, answeredBy: '--yes or VERIFY_USER=0' }),
    });
    return { ...key, granted: out.granted, subscriberExists: out.subscriberExists, rows: out.rows };
  }

  protected text(r: AclGrantResult): string {
    return `${aclTable(r.rows)}\ngranted: ${r.granted.join(' ')}${r.subscriberExists ? '' : ' (not a local subscriber)'}`;
  }
}
