import { RpcCommand } from '../../src/cli/rpc-command.js';
import { domainShow, renderDomainShow, type DomainShowResult as Result } from '../../src/ctl/domain.js';

export type DomainShowResult = Result;

export default class DomainShow extends RpcCommand<typeof DomainShow, DomainShowResult> {
  static override summary = 'Show the domains the server has loaded, with their attributes (kamctl domain show, domain.dump).';
  static override description = 'This is the server\'s memory, not the database table. --json gives {domains: [{domain, did}], attributes: [{did, attrs}]}.';
  static override examples = ['<%= config.bin %> domain show', '<%= config.bin %> domain show --json'];

  async run(): Promise<DomainShowResult> {
    return domainShow(await this.caller());
  }

  protected render(r: DomainShowResult): string {
    return renderDomainShow(r);
  }
}
