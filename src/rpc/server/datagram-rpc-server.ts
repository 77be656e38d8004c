/**
 * An RPC server on a UDP or unix datagram socket: one datagram is one request, the reply is one
 * datagram to the sender's address. A sender without an address (an unbound unix socket) cannot
 * be answered and is counted as dropped. At most maxInFlight calls run at once; datagrams beyond
 * that are dropped, as a full socket buffer would drop them. A protocol supplies only how one
 * request datagram is answered.
 */
import { bindDatagramEndpoint, type DatagramAddress, type DatagramEndpoint, type DatagramPeer } from './datagram-endpoint.js';
import type { RpcDispatcher, RpcOrigin, RpcProtocol } from './dispatcher.js';
import { MAX_DATAGRAM_REPLY_BYTES, resolveLimits, type RpcServerLimits } from './limits.js';
import { newListenerStats, type RpcListener, type RpcListenerStats } from './rpc-listener.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';
import type { SocketFileAccess } from './socket-file.js';

export interface DatagramRpcServerOptions {
  readonly address: DatagramAddress;
  readonly dispatcher: RpcDispatcher;
  readonly limits?: Partial<RpcServerLimits>;
  readonly access?: SocketFileAccess;
  readonly logger?: RpcServerLogger;
}

/** What tells the protocols apart outside of answering. */
export interface DatagramServerProtocol {
  readonly protocol: RpcProtocol;
  /** Name in log messages: `BINRPC`, `JSON-RPC`. */
  readonly label: string;
  /** Control URL schemes of the listener (ctl-url.ts). */
  readonly schemes: { readonly unix: string; readonly udp: string };
  readonly defaultLimits: RpcServerLimits;
}

export abstract class DatagramRpcServer implements RpcListener {
  readonly stats: RpcListenerStats = newListenerStats();
  protected readonly dispatcher: RpcDispatcher;
  protected readonly limits: RpcServerLimits;
  protected readonly logger: RpcServerLogger;
  readonly #options: DatagramRpcServerOptions;
  readonly #protocol: DatagramServerProtocol;
  #endpoint: DatagramEndpoint | undefined;
  #inFlight = 0;

  constructor(options: DatagramRpcServerOptions, protocol: DatagramServerProtocol) {
    this.#options = options;
    this.#protocol = protocol;
    this.dispatcher = options.dispatcher;
    this.limits = resolveLimits(protocol.defaultLimits, options.limits);
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * The reply datagram to one request datagram, or undefined to send none. `maxReplyBytes` is
   * the limit a reply must keep to. Counts its own protocol errors in `stats`.
   */
  protected abstract answer(bytes: Buffer, origin: RpcOrigin, maxReplyBytes: number): Promise<Buffer | undefined>;

  get url(): string {
    const address = this.#options.address;
    const { schemes } = this.#protocol;
    if ('path' in address) return `${schemes.unix}:${address.path}`;
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    return `${schemes.udp}:${host}:${this.#endpoint?.port ?? address.port}`;
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
      this.logger.warn({ listener: this.url, err: error.message }, `${this.#protocol.label} datagram socket error`);
    });
    this.#endpoint = endpoint;
    this.logger.info({ listener: this.url }, `${this.#protocol.label} listening`);
  }

  async stop(): Promise<void> {
    const endpoint = this.#endpoint;
    this.#endpoint = undefined;
    await endpoint?.close();
  }

  #receive(endpoint: DatagramEndpoint, bytes: Buffer, peer: DatagramPeer | undefined): void {
    this.stats.requests++;
    if (peer === undefined || this.#inFlight >= this.limits.maxInFlight) {
      this.stats.dropped++;
      return;
    }
    const origin: RpcOrigin = { protocol: this.#protocol.protocol, transport: 'path' in this.#options.address ? 'unix-dgram' : 'udp', listener: this.url };
    const maxReply = Math.min(this.limits.maxReplyBytes, MAX_DATAGRAM_REPLY_BYTES);
    this.#inFlight++;
    this.answer(bytes, origin, maxReply)
      .then(async (reply) => {
        if (reply !== undefined && this.#endpoint === endpoint) await endpoint.send(reply, peer);
      })
      .catch((error: unknown) => {
        this.stats.dropped++;
        this.logger.debug({ listener: this.url, err: error instanceof Error ? error.message : String(error) }, `${this.#protocol.label} reply not sent`);
      })
      .finally(() => {
        this.#inFlight--;
      });
  }
}
