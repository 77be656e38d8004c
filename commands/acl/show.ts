import { Args } from '@oclif/core';
import { table } from '../../src/cli/render.js';
import { GrpRepo, type GrpRow } from '../../src/db/repos/grp.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';

export interface AclShowResult {
  readonly rows: readonly GrpRow[];
}

export function aclTable(rows: readonly GrpRow[]): string {
  return table(['username', 'domain', 'group', 'last_modified'], rows.map((r) => [r.username, r.domain, r.grp, r.lastModified]));
}

export default class AclShow extends ProvisionCommand<typeof AclShow, AclShowResult> {
  static override summary = 'Show the ACL groups of one user, or of every user (kamctl acl show).';
  static override description = 'Reads the grp table (ACL_TABLE) as the read-only user.';
  static override examples = ['<%= config.bin %> acl show', '<%= config.bin %> acl show alice@example.com --json'];
  static override args = { user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN); all users when omitted' }) };

  async run(): Promise<AclShowResult> {
    const user = this.args.user === undefined ? undefined : this.identity('USER', this.args.user);
    return { rows: await new GrpRepo(await this.connection('ro'), this.tables.grp).list(user) };
  }

  protected text(r: AclShowResult): string {
    return aclTable(r.rows);
  }
}
