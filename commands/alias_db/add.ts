import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { addAlias } from '../../src/provision/alias.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';
import type { AliasView } from './show.js';

export type AliasDbAddResult = AliasView;

export default class AliasDbAdd extends ProvisionCommand<typeof AliasDbAdd, AliasDbAddResult> {
  static override summary = 'Add an alias for a subscriber (kamctl alias_db add).';
  static override description = `Inserts dbaliases(alias_username, alias_domain, username, domain). An alias that exists (same user and domain) is E_EXISTS (exit 20); kamctl compares only the user part and silently does nothing. An alias that is itself a subscriber is refused the same way. "sipctl aliasdb add" is the same command.`;
  static override examples = ['<%= config.bin %> alias_db add 1234@example.com alice@example.com', '<%= config.bin %> aliasdb add 1234 alice --json'];
  static override aliases = ['aliasdb:add'];
  static override args = {
    alias: Args.string({ description: 'the alias: user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }),
    sipId: Args.string({ description: 'the subscriber it stands for: user, user@domain or sip:user@domain', required: true }),
  };

  async run(): Promise<AliasDbAddResult> {
    const alias = this.identity('ALIAS', this.args.alias);
    const target = this.identity('SIP-ID', this.args.sipId);
    await addAlias(await this.connection('rw'), this.tables, alias, target);
    return { alias: formatUserDomain(alias), sipId: formatUserDomain(target) };
  }

  protected text(r: AliasDbAddResult): string {
    return `alias ${r.alias} → ${r.sipId} added`;
  }
}
