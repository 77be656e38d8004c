import { Args } from '@oclif/core';
import { DbAliasesRepo } from '../../src/db/repos/dbaliases.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';
import { aliasTable, type AliasView } from './show.js';

export interface AliasDbListResult {
  readonly aliases: readonly AliasView[];
}

export default class AliasDbList extends ProvisionCommand<typeof AliasDbList, AliasDbListResult> {
  static override summary = 'List the aliases of one subscriber, or every alias (kamctl alias_db list).';
  static override description = 'Reads dbaliases as the read-only user. Without SIP-ID every alias is listed (kamctl asks first; a listing changes nothing, so sipctl does not). "sipctl aliasdb list" is the same command.';
  static override examples = ['<%= config.bin %> alias_db list alice@example.com', '<%= config.bin %> aliasdb list --json'];
  static override aliases = ['aliasdb:list'];
  static override args = { sipId: Args.string({ description: 'the subscriber: user, user@domain or sip:user@domain; all aliases when omitted' }) };

  async run(): Promise<AliasDbListResult> {
    const target = this.args.sipId === undefined ? undefined : this.identity('SIP-ID', this.args.sipId);
    const rows = await new DbAliasesRepo(await this.connection('ro'), this.tables.dbaliases).list(target);
    return { aliases: rows.map((r) => ({ alias: formatUserDomain(r.alias), sipId: formatUserDomain(r.target) })) };
  }

  protected text(r: AliasDbListResult): string {
    return `${aliasTable(r.aliases)}\n${String(r.aliases.length)} alias(es)`;
  }
}
