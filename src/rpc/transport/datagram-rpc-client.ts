import { AppError } from '../../errors.js';
import type { CallOptions, RpcClient } from '../client.js';
import type { RpcParam, RpcValue } from '../rpc-value.js';
import type { ClientBaseOptions } from './client-base.js';
import type { DatagramChannel } from './datagram-channel.js';
import { PendingCalls, remaining, withDeadline } from './pending-calls.js';

export interface DatagramRpcClientOptions extends ClientBaseOptions {
  /** Opens the socket (UDP or unix datagram); called on the first call and again after a failed open. */
  readonly channel: () => Promise<DatagramChannel>;
}

/** One request ready to send, with the key its reply carries (BINRPC cookie, JSON-RPC id). */
export interface DatagramRequest {
  readonly key: number;
  readonly datagram: Buffer;
}

/**
 * An RPC client over a datagram channel: one request per datagram, the reply comes back to our
 * bound address and is matched to its call by key. The channel is opened on the first call and
 * kept until close(). A protocol supplies only how a request is encoded and a reply decoded.
 */
export abstract class DatagramRpcClient<Reply> implements RpcClient {
  readonly url: string;
  readonly #options: DatagramRpcClientOptions;
  readonly #pending = new PendingCalls<number, Reply>();
  #channel: Promise<DatagramChannel> | undefined;
  #closed = false;

  constructor(options: DatagramRpcClientOptions) {
    this.url = options.name;
    this.#options = options;
  }

  /** Encodes one call under a fresh key; throws for a call that cannot be sent. */
  protected abstract request(method: string, params: readonly RpcParam[]): DatagramRequest;

  /** Decodes one datagram; throws when it is not a reply of this protocol. */
  protected abstract decode(datagram: Buffer, maxReplyBytes: number | undefined): Reply;

  /** The key of the call a reply answers, undefined when it names none. */
  protected abstract keyOf(reply: Reply): number | undefined;

  /** The call's result; throws RpcFaultError for a fault. */
  protected abstract result(method: string, reply: Reply, returns: 'value' | 'list'): RpcValue;

  async call(method: string, params: readonly RpcParam[], options: CallOptions = {}): Promise<RpcValue> {
    if (this.#closed) throw new AppError('E_RPC_CONNECT', `${this.url}: the client is closed`);
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.timeoutMs);
    const describe = () => `${this.url} ${method}`;
    const { key, datagram } = this.request(method, params);
    const channel = await withDeadline(this.#open(), deadline, describe);
    const reply = this.#pending.wait(key, remaining(deadline), describe);
    try {
      await channel.send(datagram);
    } catch (error) {
      this.#pending.fail(key, error instanceof Error ? error : new AppError('E_RPC_CONNECT', String(error)));
    }
    return this.result(method, await reply, options.returns ?? 'value');
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
            this.#receive(datagram);
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

  #receive(datagram: Buffer): void {
    let reply: Reply;
    try {
      reply = this.decode(datagram, this.#options.maxReplyBytes);
    } catch (error) {
      // A datagram that is not a reply cannot be matched to a call: fail them all rather than
      // let them run into their timeouts.
      this.#pending.failAll(error instanceof Error ? error : new AppError('E_RPC_PROTOCOL', String(error)));
      return;
    }
    const key = this.keyOf(reply);
    if (key !== undefined) this.#pending.settle(key, reply);
  }
}
