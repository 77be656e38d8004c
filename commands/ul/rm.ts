import { Args } from '@oclif/core';
import { RpcCommand, ulTableFlag } from '../../src/cli/rpc-command.js';
import { qualifyAor, ulRm, type UlRmResult as UlRm } from '../../src/ctl/usrloc.js';

export type UlRmResult = UlRm;

export default class UlRmCommand extends RpcCommand<typeof UlRmCommand, UlRmResult> {
  static override summary = 'Remove an AoR and all its contacts from the server\'s location table (kamctl ul rm, ul.rm).';
  static override description = `The AoR is looked up first, so an unknown one is E_NOT_FOUND (exit 21) rather than the silent success usrloc gives. To remove one contact use ul rm-contact.
--json gives {table, aor, removed: [contact URIs]}.`;
  static override examples = ['<%= config.bin %> ul rm alice@example.com', '<%= config.bin %> ul rm alice --table location --json'];
  static override args = {
    aor: Args.string({ description: 'address of record: user or user@domain', required: true }),
  };
  static override flags = { table: ulTableFlag };

  async run(): Promise<UlRmResult> {
    return ulRm(await this.caller(), qualifyAor(this.args.aor, this.rc.get('SIP_DOMAIN')), this.flags.table);
  }

  protected render(r: UlRmResult): string {
    return `${r.aor} removed (${String(r.removed.length)} contact(s))`;
  }
}
