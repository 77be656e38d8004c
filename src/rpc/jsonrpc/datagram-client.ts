import { AppError } from '../../errors.js';
import type { CallOptions, RpcClient } from '../client.js';
import type { RpcParam, RpcValue } from '../rpc-value.js';
import type { ClientBaseOptions } from '../transport/client-base.js';
import { MAX_DATAGRAM_BYTES, type DatagramChannel } from '../transport/datagram-channel.js';
import { PendingCalls, remaining, withDeadline } from '../transport/pending-calls.js';
import { decodeJsonRpcResponse, encodeJsonRpcRequest, MAX_DATAGRAM_REQUEST_BYTES, type JsonRpcResponse } from './codec.js';
import { IdSequence, responseResult } from './reply.js';

export interface JsonRpcDatagramClientOptions extends ClientBaseOptions {
  readonly channel: () => Promise<DatagramChannel>;
}

/**
 * JSON-RPC over jsonrpcs' datagram socket (unix path or udp:host:port), the transport kamcli
 * uses: one request per datagram, the reply comes back to our bound address; matched by id.
 */
export class JsonRpcDatagramClient implements RpcClient {
  readonly url: string;
  readonly #options: JsonRpcDatagramClientOptions;
  readonly #ids = new IdSequence();
  readonly #pending = new PendingCalls<number, JsonRpcResponse>();
  #channel: Promise<DatagramChannel> | undefined;
  #closed = false;

  constructor(options: JsonRpcDatagramClientOptions) {
    this.url = options.name;
    this.#options = options;
  }

  async call(method: string, params: readonly RpcParam[], options: CallOptions = {}): Promise<RpcValue> {
    if (this.#closed) throw new AppError('E_RPC_CONNECT', `${this.url}: the client is closed`);
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.timeoutMs);
    const request = () => `${this.url} ${method}`;
    const id = this.#ids.next();
    const text = Buffer.from(encodeJsonRpcRequest({ method, params, id }), 'utf8');
    if (text.length > MAX_DATAGRAM_REQUEST_BYTES) throw new AppError('E_RPC_PROTOCOL', `${request()}: request of ${text.length} bytes exceeds jsonrpcs' datagram limit`);
    const channel = await withDeadline(this.#open(), deadline, request);
    const reply = this.#pending.wait(id, remaining(deadline), request);
    try {
      await channel.send(text);
    } catch (error) {
      this.#pending.fail(id, error instanceof Error ? error : new AppError('E_RPC_CONNECT', String(error)));
    }
    return responseResult(method, await reply, options.returns ?? 'value');
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#pending.failAll(new AppError('E_RPC_CONNECT', `${this.url}: the client was closed`));
    const channel = await this.#channel?.catch(() => undefined);
    this.#channel = undefined;
    await channel?.close();
  }

  #open(): Promise<DatagramChannel> {
    if (this.#channel === undefined) {
      const opening = this.#options.channel().then((channel) => {
        channel.listen(
          (datagram) => {
            let response: JsonRpcResponse;
            try {
              response = decodeJsonRpcResponse(datagram, Math.min(this.#options.maxReplyBytes ?? MAX_DATAGRAM_BYTES, MAX_DATAGRAM_BYTES));
            } catch (error) {
              this.#pending.failAll(error instanceof Error ? error : new AppError('E_RPC_PROTOCOL', String(error)));
              return;
            }
            if (typeof response.id === 'number') this.#pending.settle(response.id, response);
          },
          (error) => {
            this.#pending.failAll(error);
          },
        );
        return channel;
      });
      opening.catch(() => {
        this.#channel = undefined;
      });
      this.#channel = opening;
    }
    return this.#channel;
  }
}
