/**
 * BINRPC over UDP or a unix datagram socket (ctl `udp:` and `unixd:`): one datagram is one
 * packet, the reply or fault goes back to the sender's address (PROTOCOLS.md §2.1). A datagram
 * that is not one whole valid packet gets a `400 "bad request: …"` fault; a sender without an
 * address (an unbound unix socket) cannot be answered and is counted as dropped. At most
 * maxInFlight calls run at once; datagrams beyond that are dropped, as a full socket buffer
 * would drop them.
 */
import { BinrpcError } from '../binrpc/binrpc-error.js';
import { decodePacket } from '../binrpc/codec.js';
import { encodeFault } from '../binrpc/codec.js';
import { answerPacket, protocolFault } from './binrpc-answer.js';
import { cookieOf } from './binrpc-stream-server.js';
import { bindDatagramEndpoint, type DatagramAddress, type DatagramEndpoint, type DatagramPeer } from './datagram-endpoint.js';
import { INTERNAL_ERROR_TEXT, type RpcDispatcher, type RpcOrigin } from './dispatcher.js';
import { DEFAULT_LIMITS, MAX_DATAGRAM_REPLY_BYTES, resolveLimits, type RpcServerLimits } from './limits.js';
import { newListenerStats, type RpcListener, type RpcListenerStats } from './rpc-listener.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';
import type { SocketFileAccess } from './socket-file.js';

export interface BinrpcDatagramServerOptions {
  readonly address: DatagramAddress;
  readonly dispatcher: RpcDispatcher;
  readonly limits?: Partial<RpcServerLimits>;
  readonly access?: SocketFileAccess;
  readonly logger?: RpcServerLogger;
}

export class BinrpcDatagramServer implements RpcListener {
  readonly stats: RpcListenerStats = newListenerStats();
  readonly #options: BinrpcDatagramServerOptions;
  readonly #limits: RpcServerLimits;
  readonly #logger: RpcServerLogger;
  #endpoint: DatagramEndpoint | undefined;
  #inFlight = 0;

  constructor(options: BinrpcDatagramServerOptions) {
    this.#options = options;
    this.#limits = resolveLimits(DEFAULT_LIMITS, options.limits);
    this.#logger = options.logger ?? silentLogger;
  }

  get url(): string {
    const address = this.#options.address;
    if ('path' in address) return `unixd:${address.path}`;
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    return `udp:${host}:${this.#endpoint?.port ?? address.port}`;
  }

  get port(): number | undefined {
    return this.#endpoint?.port;
  }

  async start(): Promise<void> {
    if (this.#endpoint !== undefined) return;
    const endpoint = await bindDatagramEndpoint(this.#options.address, this.#options.access);
    endpoint.onMessage((bytes, peer) => {
      this.#receive(endpoint, bytes, peer);
    });
    endpoint.onError((error) => {
      this.#logger.warn({ listener: this.url, err: error.message }, 'BINRPC datagram socket error');
    });
    this.#endpoint = endpoint;
    this.#logger.info({ listener: this.url }, 'BINRPC listening');
  }

  async stop(): Promise<void> {
    const endpoint = this.#endpoint;
    this.#endpoint = undefined;
    await endpoint?.close();
  }

  #receive(endpoint: DatagramEndpoint, bytes: Buffer, peer: DatagramPeer | undefined): void {
    this.stats.requests++;
    if (peer === undefined || this.#inFlight >= this.#limits.maxInFlight) {
      this.stats.dropped++;
      return;
    }
    const origin: RpcOrigin = { protocol: 'binrpc', transport: 'path' in this.#options.address ? 'unix-dgram' : 'udp', listener: this.url };
    const maxReply = Math.min(this.#limits.maxReplyBytes, MAX_DATAGRAM_REPLY_BYTES);
    let reply: Promise<Buffer>;
    try {
      const packet = decodePacket(bytes, { maxBodyLength: this.#limits.maxRequestBytes });
      reply = answerPacket(this.#options.dispatcher, packet, origin, maxReply);
    } catch (error) {
      this.stats.protocolErrors++;
      reply = Promise.resolve(error instanceof BinrpcError ? protocolFault(error, cookieOf(bytes.subarray(0, 10))) : encodeFault(cookieOf(bytes.subarray(0, 10)), 500, INTERNAL_ERROR_TEXT));
    }
    this.#inFlight++;
    reply
      .then((answer) => (this.#endpoint === endpoint ? endpoint.send(answer, peer) : undefined))
      .catch((error: unknown) => {
        this.stats.dropped++;
        this.#logger.debug({ listener: this.url, err: error instanceof Error ? error.message : String(error) }, 'BINRPC reply not sent');
      })
      .finally(() => {
        this.#inFlight--;
      });
  }
}
