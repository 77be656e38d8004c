import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { listNames, listRoutes, type CarrierRouteRow, type NameRow } from '../../src/db/repos/carrierroute.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface CrShowResult {
  readonly carriers: readonly NameRow[];
  readonly domains: readonly NameRow[];
  readonly routes: readonly CarrierRouteRow[];
}

export default class CrShow extends ProvisionCommand<typeof CrShow, CrShowResult> {
  static override summary = 'List carrier names, routing domain names and carrier routes (kamctl cr show).';
  static override description = 'Reads carrier_name, domain_name and carrierroute as the read-only user.';
  static override examples = ['<%= config.bin %> cr show', '<%= config.bin %> cr show --json'];

  async run(): Promise<CrShowResult> {
    return withDb(this.db, 'ro', async (db) => ({ carriers: await listNames(db, 'carrier_name'), domains: await listNames(db, 'domain_name'), routes: await listRoutes(db) }));
  }

  protected text(r: CrShowResult): string {
    return [
      'carriers',
      table(['id', 'carrier'], r.carriers.map((c) => [c.id, c.name])),
      'domains',
      table(['id', 'domain'], r.domains.map((d) => [d.id, d.name])),
      'routes',
      table(
        ['id', 'carrier', 'domain', 'scan_prefix', 'prob', 'strip', 'rewrite_host', 'rewrite_prefix', 'rewrite_suffix', 'mask', 'flags', 'description'],
        r.routes.map((x) => [x.id, x.carrier, x.domain, x.scan_prefix, x.prob, x.strip, x.rewrite_host, x.rewrite_prefix, x.rewrite_suffix, x.mask, x.flags, x.description]),
      ),
    ].join('\n');
  }
}
