import net from 'node:net';
import { AppError } from '../../errors.js';
import type { CallOptions, RpcClient } from '../client.js';
import type { RpcParam, RpcValue } from '../rpc-value.js';
import type { ClientBaseOptions } from '../transport/client-base.js';
import { errnoText, PendingCalls, remaining, withDeadline } from '../transport/pending-calls.js';
import { encodeRequest } from './codec.js';
import { CookieSequence } from './cookie.js';
import type { BinrpcPacket } from './record.js';
import { replyResult } from './reply.js';
import { BinrpcStreamDecoder } from './stream-decoder.js';
import { valueToRecord } from './values.js';

export interface BinrpcStreamClientOptions extends ClientBaseOptions {
  readonly connect: { readonly path: string } | { readonly host: string; readonly port: number };
}

/**
 * BINRPC over a unix stream socket or TCP. One connection, opened on the first call and kept
 * for the next ones (the ctl module serves several requests per connection and drops idle ones
 * after 120 s: we then reconnect). Requests may overlap; replies are matched by cookie.
 */
export class BinrpcStreamClient implements RpcClient {
  readonly url: string;
  readonly #options: BinrpcStreamClientOptions;
  readonly #cookies = new CookieSequence();
  readonly #pending = new PendingCalls<number, BinrpcPacket>();
  #socket: net.Socket | undefined;
  #connecting: Promise<net.Socket> | undefined;
  #closed = false;

  constructor(options: BinrpcStreamClientOptions) {
    this.url = options.name;
    this.#options = options;
  }

  async call(method: string, params: readonly RpcParam[], options: CallOptions = {}): Promise<RpcValue> {
    if (this.#closed) throw new AppError('E_RPC_CONNECT', `${this.url}: the client is closed`);
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.timeoutMs);
    const request = () => `${this.url} ${method}`;
    const socket = await withDeadline(this.#connect(), deadline, request);
    const cookie = this.#cookies.next();
    const bytes = encodeRequest(cookie, method, params.map((param) => valueToRecord(param)));
    const reply = this.#pending.wait(cookie, remaining(deadline), request);
    socket.write(bytes);
    return replyResult(method, await reply, options.returns ?? 'value');
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#pending.failAll(new AppError('E_RPC_CONNECT', `${this.url}: the client was closed`));
    const socket = this.#socket ?? (await this.#connecting?.catch(() => undefined));
    this.#socket = undefined;
    if (socket !== undefined && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => {
          resolve();
        });
        socket.destroy();
      });
    }
  }

  #connect(): Promise<net.Socket> {
    if (this.#socket !== undefined && !this.#socket.destroyed) return Promise.resolve(this.#socket);
    this.#connecting ??= new Promise<net.Socket>((resolve, reject) => {
      const target = this.#options.connect;
      const socket = 'path' in target ? net.createConnection({ path: target.path }) : net.createConnection({ host: target.host, port: target.port });
      const decoder = new BinrpcStreamDecoder(this.#options.maxReplyBytes === undefined ? {} : { maxBodyLength: this.#options.maxReplyBytes });
      const onConnectError = (error: Error): void => {
        this.#connecting = undefined;
        socket.destroy();
        reject(new AppError('E_RPC_CONNECT', `Cannot connect to ${this.url}: ${errnoText(error)}`, { cause: error }));
      };
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        socket.off('error', onConnectError);
        this.#socket = socket;
        this.#connecting = undefined;
        socket.on('data', (chunk: Buffer) => {
          let packets: BinrpcPacket[];
          try {
            packets = decoder.push(chunk);
          } catch (error) {
            this.#pending.failAll(error instanceof Error ? error : new AppError('E_RPC_PROTOCOL', String(error)));
            socket.destroy();
            return;
          }
          for (const packet of packets) this.#pending.settle(packet.header.cookie, packet);
        });
        socket.on('error', (error) => {
          this.#pending.failAll(new AppError('E_RPC_CONNECT', `${this.url}: ${errnoText(error)}`, { cause: error }));
        });
        socket.on('close', () => {
          if (this.#socket === socket) this.#socket = undefined;
          this.#pending.failAll(new AppError('E_RPC_CONNECT', `${this.url}: the server closed the connection`));
        });
        resolve(socket);
      });
    });
    return this.#connecting;
  }
}
