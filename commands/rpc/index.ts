import { Args } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { typeRpcParams } from '../../src/rpc/params.js';
import type { RpcParam, RpcValue } from '../../src/rpc/rpc-value.js';

export interface RpcResult {
  readonly method: string;
  readonly params: readonly RpcParam[];
  readonly result: RpcValue;
}

export default class Rpc extends RpcCommand<typeof Rpc, RpcResult> {
  static override summary = 'Call any RPC method of the server and print its result (kamctl rpc).';
  static override description = `Parameters are typed as kamctl types them: a number becomes a number (1.0 a double), s:TEXT forces a string, i:N an integer; a first parameter "=" turns =CRLF= into CR LF in the rest. The socket is --ctl, else CTLURL, else the one CTLENGINE names (RPCFIFO: fifo:$RPCFIFOPATH; BINRPC: unix:$RUNDIR/sipd_ctl; HTTP: http://127.0.0.1:5071/RPC).
The result is printed as indented JSON; --json wraps it as {method, params, result}. A fault is E_RPC_FAULT (exit 33) with the server's code and text.`;
  static override examples = [
    '<%= config.bin %> rpc core.version',
    '<%= config.bin %> rpc ul.lookup location alice@example.com',
    '<%= config.bin %> rpc stats.get_statistics shmem: --ctl unix:/run/kamailio/kamailio_ctl',
    '<%= config.bin %> rpc htable.sets kv key s:0123',
  ];
  static override strict = false;
  static override args = {
    method: Args.string({ description: 'RPC method, e.g. core.uptime', required: true }),
    params: Args.string({ description: 'parameters (any number)' }),
  };

  async run(): Promise<RpcResult> {
    const [method = '', ...rest] = this.positional;
    const params = typeRpcParams(rest);
    const result = await (await this.caller()).call(method, params);
    return { method, params, result };
  }

  protected render(r: RpcResult): string {
    return JSON.stringify(r.result, null, 2);
  }
}
