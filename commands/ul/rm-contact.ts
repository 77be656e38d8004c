import { Args } from '@oclif/core';
import { RpcCommand, ulTableFlag } from '../../src/cli/rpc-command.js';
import { qualifyAor, ulRmContact, type UlRmResult } from '../../src/ctl/usrloc.js';

export type UlRmContactResult = UlRmResult;

export default class UlRmContactCommand extends RpcCommand<typeof UlRmContactCommand, UlRmContactResult> {
  static override summary = 'Remove one contact of an AoR from the server\'s location table (kamctl ul rm AOR CONTACT, ul.rm_contact).';
  static override description = `The contact must be written as it is registered (see ul show). An unknown AoR or contact is E_NOT_FOUND (exit 21).
--json gives {table, aor, removed: [contact]}.`;
  static override examples = ['<%= config.bin %> ul rm-contact alice@example.com sip:alice@192.0.2.10:5060'];
  static override args = {
    aor: Args.string({ description: 'address of record: user or user@domain', required: true }),
    contact: Args.string({ description: 'contact URI to remove', required: true }),
  };
  static override flags = { table: ulTableFlag };

  async run(): Promise<UlRmContactResult> {
    return ulRmContact(await this.caller(), qualifyAor(this.args.aor, this.rc.get('SIP_DOMAIN')), this.args.contact, this.flags.table);
  }

  protected render(r: UlRmContactResult): string {
    return `${r.removed.join(', ')} removed from ${r.aor}`;
  }
}
