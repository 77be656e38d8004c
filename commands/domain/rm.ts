import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeDomain, type RemoveDomainResult } from '../../src/db/repos/domain.js';
import { withDb } from '../../src/db/repos/table-row.js';

export type DomainRmResult = RemoveDomainResult;

export default class DomainRm extends ProvisionCommand<typeof DomainRm, DomainRmResult> {
  static override summary = 'Remove a domain from the domain table (kamctl domain rm).';
  static override description = 'Its domain_attrs rows go too when no other domain shares its did. A domain that is not in the table is an error with exit code 21. Run sipctl domain reload afterwards.';
  static override examples = ['<%= config.bin %> domain rm example.com'];
  static override args = { domain: Args.string({ required: true, description: 'the domain to remove' }) };

  async run(): Promise<DomainRmResult> {
    return withDb(this.db, 'rw', (db) => removeDomain(db, this.args.domain));
  }

  protected text(r: DomainRmResult): string {
    return `removed domain ${r.removed.domain}${r.attributesRemoved > 0 ? ` and ${String(r.attributesRemoved)} attribute(s)` : ''}\nrun '${this.config.bin} domain reload' to update the running server`;
  }
}
