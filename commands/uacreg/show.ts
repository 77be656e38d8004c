import { Args, Flags } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { listUacreg, type UacregRow } from '../../src/db/repos/uacreg.js';

export interface UacregShowResult {
  readonly registrations: readonly UacregRow[];
}

export default class UacregShow extends ProvisionCommand<typeof UacregShow, UacregShowResult> {
  static override summary = 'List the uacreg table, all rows or one l_uuid.';
  static override description = 'Passwords and HA1 values show as "***" unless --secrets is given.';
  static override examples = ['<%= config.bin %> uacreg show', '<%= config.bin %> uacreg show gw1 --json'];
  static override args = { l_uuid: Args.string({ description: 'only this l_uuid' }) };
  static override flags = { secrets: Flags.boolean({ description: 'show auth_password and auth_ha1' }) };

  async run(): Promise<UacregShowResult> {
    const rows = await withDb(this.db, 'ro', (db) => listUacreg(db, this.args.l_uuid));
    const hide = (s: string): string => (s === '' || this.flags.secrets ? s : '***');
    return { registrations: rows.map((r) => ({ ...r, auth_password: hide(r.auth_password), auth_ha1: hide(r.auth_ha1) })) };
  }

  protected text(r: UacregShowResult): string {
    return table(
      ['id', 'l_uuid', 'l_username', 'l_domain', 'r_username', 'r_domain', 'realm', 'auth_username', 'auth_password', 'auth_proxy', 'expires', 'flags'],
      r.registrations.map((x) => [x.id, x.l_uuid, x.l_username, x.l_domain, x.r_username, x.r_domain, x.realm, x.auth_username, x.auth_password, x.auth_proxy, x.expires, x.flags]),
    );
  }
}
