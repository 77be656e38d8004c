import { Args } from '@oclif/core';
import { table } from '../../src/cli/render.js';
import { DbAliasesRepo } from '../../src/db/repos/dbaliases.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';

export interface AliasView {
  readonly alias: string;
  readonly sipId: string;
}

export interface AliasDbShowResult {
  readonly alias: string;
  /** The subscriber(s) the alias stands for (normally one). */
  readonly sipIds: readonly string[];
}

export function aliasTable(rows: readonly AliasView[]): string {
  return table(['alias', 'SIP-ID'], rows.map((r) => [r.alias, r.sipId]));
}

export default class AliasDbShow extends ProvisionCommand<typeof AliasDbShow, AliasDbShowResult> {
  static override summary = 'Show which subscriber an alias stands for (kamctl alias_db show).';
  static override description = 'Reads the dbaliases table (DA_TABLE) as the read-only user. An unknown alias is E_NOT_FOUND (exit 21). "sipctl aliasdb show" is the same command.';
  static override examples = ['<%= config.bin %> alias_db show 1234@example.com', '<%= config.bin %> aliasdb show 1234 --json'];
  static override aliases = ['aliasdb:show'];
  static override args = { alias: Args.string({ description: 'the alias: user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }) };

  async run(): Promise<AliasDbShowResult> {
    const alias = this.identity('ALIAS', this.args.alias);
    const rows = await new DbAliasesRepo(await this.connection('ro'), this.tables.dbaliases).findAlias(alias);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `alias ${formatUserDomain(alias)} does not exist`);
    return { alias: formatUserDomain(alias), sipIds: rows.map((r) => formatUserDomain(r.target)) };
  }

  protected text(r: AliasDbShowResult): string {
    return aliasTable(r.sipIds.map((sipId) => ({ alias: r.alias, sipId })));
  }
}
