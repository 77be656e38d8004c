import { AppError } from '../../errors.js';
import type { CallOptions, RpcClient } from '../client.js';
import type { RpcParam, RpcValue } from '../rpc-value.js';
import type { ClientBaseOptions } from '../transport/client-base.js';
import type { DatagramChannel } from '../transport/datagram-channel.js';
import { PendingCalls, remaining, withDeadline } from '../transport/pending-calls.js';
import { decodePacket, encodeRequest } from './codec.js';
import { CookieSequence } from './cookie.js';
import type { BinrpcPacket } from './record.js';
import { replyResult } from './reply.js';
import { valueToRecord } from './values.js';

export interface BinrpcDatagramClientOptions extends ClientBaseOptions {
  readonly channel: () => Promise<DatagramChannel>;
}

/**
 * BINRPC over UDP or a unix datagram socket: one packet per datagram each way, replies matched
 * by cookie. The socket is opened on the first call and kept until close().
 */
export class BinrpcDatagramClient implements RpcClient {
  readonly url: string;
  readonly #options: BinrpcDatagramClientOptions;
  readonly #cookies = new CookieSequence();
  readonly #pending = new PendingCalls<number, BinrpcPacket>();
  #channel: Promise<DatagramChannel> | undefined;
  #closed = false;

  constructor(options: BinrpcDatagramClientOptions) {
    this.url = options.name;
    this.#options = options;
  }

  async call(method: string, params: readonly RpcParam[], options: CallOptions = {}): Promise<RpcValue> {
    if (this.#closed) throw new AppError('E_RPC_CONNECT', `${this.url}: the client is closed`);
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.timeoutMs);
    const request = () => `${this.url} ${method}`;
    const channel = await withDeadline(this.#open(), deadline, request);
    const cookie = this.#cookies.next();
    const bytes = encodeRequestDatagram(cookie, method, params);
    const reply = this.#pending.wait(cookie, remaining(deadline), request);
    try {
      await channel.send(bytes);
    } catch (error) {
      this.#pending.fail(cookie, error instanceof Error ? error : new AppError('E_RPC_CONNECT', String(error)));
    }
    return replyResult(method, await reply, options.returns ?? 'value');
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
            let packet: BinrpcPacket;
            try {
              packet = decodePacket(datagram, this.#options.maxReplyBytes === undefined ? {} : { maxBodyLength: this.#options.maxReplyBytes });
            } catch (error) {
              // A datagram that is not BINRPC cannot be matched to a call: fail them all
              // rather than let them run into their timeouts.
              this.#pending.failAll(error instanceof Error ? error : new AppError('E_RPC_PROTOCOL', String(error)));
              return;
            }
            this.#pending.settle(packet.header.cookie, packet);
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

function encodeRequestDatagram(cookie: number, method: string, params: readonly RpcParam[]): Buffer {
  return encodeRequest(cookie, method, params.map((param) => valueToRecord(param)));
}
