import { Args } from '@oclif/core';
import { DbAliasesRepo } from '../../src/db/repos/dbaliases.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';

export interface AliasDbRmResult {
  readonly alias: string;
  readonly removed: number;
}

export default class AliasDbRm extends ProvisionCommand<typeof AliasDbRm, AliasDbRmResult> {
  static override summary = 'Remove an alias (kamctl alias_db rm).';
  static override description = 'Deletes the dbaliases rows of the alias. An unknown alias is E_NOT_FOUND (exit 21). "sipctl aliasdb rm" is the same command.';
  static override examples = ['<%= config.bin %> alias_db rm 1234@example.com', '<%= config.bin %> aliasdb rm 1234 --json'];
  static override aliases = ['aliasdb:rm'];
  static override args = { alias: Args.string({ description: 'the alias: user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }) };

  async run(): Promise<AliasDbRmResult> {
    const alias = this.identity('ALIAS', this.args.alias);
    const removed = await new DbAliasesRepo(await this.connection('rw'), this.tables.dbaliases).removeAlias(alias);
    if (removed === 0) throw new AppError('E_NOT_FOUND', `alias ${formatUserDomain(alias)} does not exist`);
    return { alias: formatUserDomain(alias), removed };
  }

  protected text(r: AliasDbRmResult): string {
    return `alias ${r.alias} removed`;
  }
}
