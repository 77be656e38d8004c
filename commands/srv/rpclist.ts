import { RpcCommand } from '../../src/cli/rpc-command.js';
import { srvRpclist, type SrvRpclistResult as Result } from '../../src/ctl/core.js';
import { renderSrv } from '../../src/ctl/core-view.js';

export type SrvRpclistResult = Result;

export default class SrvRpclist extends RpcCommand<typeof SrvRpclist, SrvRpclistResult> {
  static override summary = 'List the RPC methods the server offers (kamctl srv rpclist, system.listMethods).';
  static override description = '--json gives {what: "rpclist", methods: [...]}.';
  static override examples = ['<%= config.bin %> srv rpclist', '<%= config.bin %> srv rpclist --json'];

  async run(): Promise<SrvRpclistResult> {
    return srvRpclist(await this.caller());
  }

  protected render(r: SrvRpclistResult): string {
    return renderSrv(r);
  }
}
