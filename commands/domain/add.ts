import { Args, Flags } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { keyValues } from '../../src/cli/render.js';
import { addDomain, type DomainRow } from '../../src/db/repos/domain.js';
import { parseDomainAttr, type DomainAttr } from '../../src/db/repos/domain-attrs.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface DomainAddResult {
  readonly domain: DomainRow;
  readonly attributes: readonly DomainAttr[];
}

export default class DomainAdd extends ProvisionCommand<typeof DomainAdd, DomainAddResult> {
  static override summary = 'Add a domain to the domain table, optionally with a did and attributes (kamctl domain add).';
  static override description = `Writes domain and last_modified as kamctl does; did stays NULL unless --did is given (the domain module then uses the domain itself as its did). Attributes go to domain_attrs under the did: --attr name=value (string, type 2) and --int-attr name=123 (integer, type 0).
A domain already in the table (compared without case) is an error with exit code 20. Run sipctl domain reload afterwards so that a running server loads it.`;
  static override examples = [
    '<%= config.bin %> domain add example.com',
    '<%= config.bin %> domain add sip.example.com --did example --attr rate=peak --int-attr max_calls=20',
  ];
  static override args = { domain: Args.string({ required: true, description: 'host name, IPv4 address or [IPv6] address' }) };
  static override flags = {
    did: Flags.string({ description: 'domain id that groups several domain names (multi-domain setups)' }),
    attr: Flags.string({ description: 'string attribute name=value for domain_attrs; repeatable', multiple: true }),
    'int-attr': Flags.string({ description: 'integer attribute name=value for domain_attrs; repeatable', multiple: true }),
  };

  async run(): Promise<DomainAddResult> {
    const attributes = [...(this.flags.attr ?? []).map((a) => parseDomainAttr(a, false)), ...(this.flags['int-attr'] ?? []).map((a) => parseDomainAttr(a, true))];
    const domain = await withDb(this.db, 'rw', (db) => addDomain(db, { domain: this.args.domain, did: this.flags.did, attrs: attributes }));
    return { domain, attributes };
  }

  protected text(r: DomainAddResult): string {
    const attrs = r.attributes.map((a) => [`attr ${a.name}`, `${a.value} (${a.type === 0 ? 'int' : 'str'})`] as const);
    return `${keyValues([['domain', r.domain.domain], ['did', r.domain.did], ['last_modified', r.domain.last_modified], ...attrs])}\nrun '${this.config.bin} domain reload' to load it into the running server`;
  }
}
