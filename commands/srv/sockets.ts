import { RpcCommand } from '../../src/cli/rpc-command.js';
import { srvSockets, type SrvSocketsResult as Result } from '../../src/ctl/core.js';
import { renderSrv } from '../../src/ctl/core-view.js';

export type SrvSocketsResult = Result;

export default class SrvSockets extends RpcCommand<typeof SrvSockets, SrvSocketsResult> {
  static override summary = 'List the sockets the server listens on (kamctl srv sockets, corex.list_sockets).';
  static override description = '--json gives {what: "sockets", sockets: [{proto, name, addresses, port, mcast, mhomed, virtual, sockname, advertise}]}.';
  static override examples = ['<%= config.bin %> srv sockets', '<%= config.bin %> srv sockets --json'];

  async run(): Promise<SrvSocketsResult> {
    return srvSockets(await this.caller());
  }

  protected render(r: SrvSocketsResult): string {
    return renderSrv(r);
  }
}
