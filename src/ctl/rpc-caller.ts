/**
 * What the runtime-command functions need from an RPC client: one call. Tests pass a fake;
 * commands pass the client chosen by --ctl / CTLURL / CTLENGINE.
 */
import type { CallOptions } from '../rpc/client.js';
import type { RpcParam, RpcValue } from '../rpc/rpc-value.js';

export interface RpcCaller {
  /** The control URL, for messages. */
  readonly url: string;
  call(method: string, params: readonly RpcParam[], options?: CallOptions): Promise<RpcValue>;
}
