import { AppError } from '../../errors.js';
import type { RpcParam, RpcValue } from '../rpc-value.js';
import { MAX_DATAGRAM_BYTES } from '../transport/datagram-channel.js';
import { DatagramRpcClient, type DatagramRequest, type DatagramRpcClientOptions } from '../transport/datagram-rpc-client.js';
import { decodeJsonRpcResponse, encodeJsonRpcRequest, MAX_DATAGRAM_REQUEST_BYTES, type JsonRpcResponse } from './codec.js';
import { IdSequence, responseResult } from './reply.js';

export type JsonRpcDatagramClientOptions = DatagramRpcClientOptions;

/**
 * JSON-RPC over jsonrpcs' datagram socket (unix path or udp:host:port), the transport kamcli
 * uses: one request per datagram, the reply comes back to our bound address; matched by id.
 */
export class JsonRpcDatagramClient extends DatagramRpcClient<JsonRpcResponse> {
  readonly #ids = new IdSequence();

  protected override request(method: string, params: readonly RpcParam[]): DatagramRequest {
    const id = this.#ids.next();
    const datagram = Buffer.from(encodeJsonRpcRequest({ method, params, id }), 'utf8');
    if (datagram.length > MAX_DATAGRAM_REQUEST_BYTES) {
      throw new AppError('E_RPC_PROTOCOL', `${this.url} ${method}: request of ${datagram.length} bytes exceeds jsonrpcs' datagram limit`);
    }
    return { key: id, datagram };
  }

  protected override decode(datagram: Buffer, maxReplyBytes: number | undefined): JsonRpcResponse {
    return decodeJsonRpcResponse(datagram, Math.min(maxReplyBytes ?? MAX_DATAGRAM_BYTES, MAX_DATAGRAM_BYTES));
  }

  protected override keyOf(response: JsonRpcResponse): number | undefined {
    return typeof response.id === 'number' ? response.id : undefined;
  }

  protected override result(method: string, response: JsonRpcResponse, returns: 'value' | 'list'): RpcValue {
    return responseResult(method, response, returns);
  }
}
