import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { listDomains, type DomainRow } from '../../src/db/repos/domain.js';
import { listDomainAttrs, type DomainAttrRow } from '../../src/db/repos/domain-attrs.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface DomainShowdbResult {
  readonly domains: readonly DomainRow[];
  readonly attributes: readonly DomainAttrRow[];
}

export default class DomainShowdb extends ProvisionCommand<typeof DomainShowdb, DomainShowdbResult> {
  static override summary = 'List the domain and domain_attrs tables (kamctl domain showdb).';
  static override description = 'Reads the database as the read-only user. sipctl domain show lists what the running server has loaded instead.';
  static override examples = ['<%= config.bin %> domain showdb', '<%= config.bin %> domain showdb --json'];

  async run(): Promise<DomainShowdbResult> {
    return withDb(this.db, 'ro', async (db) => ({ domains: await listDomains(db), attributes: await listDomainAttrs(db) }));
  }

  protected text(r: DomainShowdbResult): string {
    const domains = table(['id', 'domain', 'did', 'last_modified'], r.domains.map((d) => [d.id, d.domain, d.did, d.last_modified]));
    if (r.attributes.length === 0) return domains;
    return `${domains}\n${table(['did', 'name', 'type', 'value', 'last_modified'], r.attributes.map((a) => [a.did, a.name, a.type, a.value, a.last_modified]))}`;
  }
}
