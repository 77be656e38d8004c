import { Args } from '@oclif/core';
import type { GrpRow } from '../../src/db/repos/grp.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { revokeGroups } from '../../src/provision/acl.js';
import { validateAclGroup } from '../../src/provision/validate/acl-group.js';
import { aclTable } from './show.js';

export interface AclRevokeResult {
  readonly username: string;
  readonly domain: string;
  /** Number of grp rows removed. */
  readonly revoked: number;
  /** The user's groups afterwards. */
  readonly rows: readonly GrpRow[];
}

export default class AclRevoke extends ProvisionCommand<typeof AclRevoke, AclRevokeResult> {
  static override summary = 'Take a user out of one ACL group, or out of all of them (kamctl acl revoke).';
  static override description = 'Deletes the grp row of that group, or every grp row of the user when no group is given. Nothing to revoke is E_NOT_FOUND (exit 21).';
  static override examples = ['<%= config.bin %> acl revoke alice@example.com ld', '<%= config.bin %> acl revoke alice@example.com --json'];
  static override args = {
    user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }),
    group: Args.string({ description: 'the group to revoke; all when omitted' }),
  };

  async run(): Promise<AclRevokeResult> {
    const key = this.identity('USER', this.args.user);
    const group = this.args.group === undefined ? undefined : validateAclGroup('GROUP', this.args.group);
    const out = await revokeGroups(await this.connection('rw'), this.tables, key, group);
    return { ...key, ...out };
  }

  protected text(r: AclRevokeResult): string {
    return `${aclTable(r.rows)}\n${String(r.revoked)} group(s) revoked`;
  }
}
