/**
 * JSON-RPC over a unix datagram socket or UDP (jsonrpcs `dgram_socket`, what kamcli's "socket"
 * transport uses): one datagram is one request, whitespace around it ignored, the reply is one
 * datagram to the sender's address (PROTOCOLS.md §3.7). Unparsable JSON gets no reply, as
 * from jsonrpcs; a reply too big for one datagram is replaced by a 500 error.
 */
import { bindDatagramEndpoint, type DatagramAddress, type DatagramEndpoint, type DatagramPeer } from './datagram-endpoint.js';
import { formatJsonRpcResponse, MAX_DATAGRAM_REQUEST_BYTES } from '../jsonrpc/codec.js';
import { INTERNAL_ERROR_TEXT, type RpcDispatcher, type RpcOrigin } from './dispatcher.js';
import { answerJsonRpc } from './jsonrpc-answer.js';
import { DEFAULT_LIMITS, MAX_DATAGRAM_REPLY_BYTES, resolveLimits, type RpcServerLimits } from './limits.js';
import { newListenerStats, type RpcListener, type RpcListenerStats } from './rpc-listener.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';
import type { SocketFileAccess } from './socket-file.js';

export interface JsonRpcDatagramServerOptions {
  readonly address: DatagramAddress;
  readonly dispatcher: RpcDispatcher;
  /** jsonrpcs `pretty_format`; default true. */
  readonly pretty?: boolean;
  readonly limits?: Partial<RpcServerLimits>;
  readonly access?: SocketFileAccess;
  readonly logger?: RpcServerLogger;
}

export class JsonRpcDatagramServer implements RpcListener {
  readonly stats: RpcListenerStats = newListenerStats();
  readonly #options: JsonRpcDatagramServerOptions;
  readonly #limits: RpcServerLimits;
  readonly #logger: RpcServerLogger;
  #endpoint: DatagramEndpoint | undefined;
  #inFlight = 0;

  constructor(options: JsonRpcDatagramServerOptions) {
    this.#options = options;
    this.#limits = resolveLimits({ ...DEFAULT_LIMITS, maxRequestBytes: MAX_DATAGRAM_REQUEST_BYTES }, options.limits);
    this.#logger = options.logger ?? silentLogger;
  }

  get url(): string {
    const address = this.#options.address;
    if ('path' in address) return `jsonunixd:${address.path}`;
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    return `jsonudp:${host}:${this.#endpoint?.port ?? address.port}`;
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
      this.#logger.warn({ listener: this.url, err: error.message }, 'JSON-RPC datagram socket error');
    });
    this.#endpoint = endpoint;
    this.#logger.info({ listener: this.url }, 'JSON-RPC listening');
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
    const origin: RpcOrigin = { protocol: 'jsonrpc', transport: 'path' in this.#options.address ? 'unix-dgram' : 'udp', listener: this.url };
    const pretty = this.#options.pretty ?? true;
    const maxReply = Math.min(this.#limits.maxReplyBytes, MAX_DATAGRAM_REPLY_BYTES);
    this.#inFlight++;
    answerJsonRpc(this.#options.dispatcher, bytes, origin, { pretty, maxRequestBytes: this.#limits.maxRequestBytes })
      .then(async (answer) => {
        if (answer.kind === 'unparsable') {
          this.stats.protocolErrors++;
          this.stats.dropped++;
          this.#logger.debug({ listener: this.url, why: answer.why }, 'JSON-RPC datagram not answered');
          return;
        }
        let reply = Buffer.from(answer.text, 'utf8');
        if (reply.length > maxReply) {
          reply = Buffer.from(formatJsonRpcResponse({ id: answer.id, error: { code: 500, message: `${INTERNAL_ERROR_TEXT}: reply of ${reply.length} bytes does not fit in a datagram` } }, pretty), 'utf8');
        }
        if (this.#endpoint === endpoint) await endpoint.send(reply, peer);
      })
      .catch((error: unknown) => {
        this.stats.dropped++;
        this.#logger.debug({ listener: this.url, err: error instanceof Error ? error.message : String(error) }, 'JSON-RPC reply not sent');
      })
      .finally(() => {
        this.#inFlight--;
      });
  }
}
