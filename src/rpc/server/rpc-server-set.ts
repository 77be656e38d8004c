/**
 * Every control server of the daemon, started and stopped together from one config object
 * (built from the `ctl` and `jsonrpcs` modparams by rpcServerConfigFromModparams). Start is all
 * or nothing: if one listener cannot start, those already started are stopped again.
 */
import { BinrpcDatagramServer } from './binrpc-datagram-server.js';
import { BinrpcStreamServer } from './binrpc-stream-server.js';
import type { DatagramAddress } from './datagram-endpoint.js';
import { RpcDispatcher, type RpcDispatchStats } from './dispatcher.js';
import { JsonRpcDatagramServer } from './jsonrpc-datagram-server.js';
import { JsonRpcFifoServer } from './jsonrpc-fifo-server.js';
import { JsonRpcHttpServer } from './jsonrpc-http-server.js';
import type { RpcServerLimits } from './limits.js';
import type { RpcRegistry } from './registry.js';
import type { RpcListener, RpcListenerStats } from './rpc-listener.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';
import type { SocketFileAccess } from './socket-file.js';

/** One ctl `binrpc` listener. */
export type BinrpcListen =
  | { readonly transport: 'unix-stream' | 'unix-dgram'; readonly path: string }
  | { readonly transport: 'tcp' | 'udp'; readonly host: string; readonly port: number };

export interface RpcServerSetConfig {
  /** ctl `binrpc` (repeatable). */
  readonly binrpc?: readonly BinrpcListen[];
  /** ctl `mode`, `user`, `group` for the unix sockets. Mode default 0660. */
  readonly binrpcAccess?: SocketFileAccess;
  /** Limits of the BINRPC listeners (ctl `binrpc_max_body_size` sets maxReplyBytes). */
  readonly binrpcLimits?: Partial<RpcServerLimits>;
  readonly jsonrpc?: {
    /** jsonrpcs `pretty_format`; default true. */
    readonly pretty?: boolean;
    /** jsonrpcs `fifo_name`, `fifo_reply_dir`, `fifo_mode`, `fifo_group`, `fifo_user`. */
    readonly fifo?: { readonly path: string; readonly replyDir?: string; readonly access?: SocketFileAccess };
    /** jsonrpcs `dgram_socket`, `dgram_mode`, `dgram_group`, `dgram_user`. */
    readonly datagram?: { readonly address: DatagramAddress; readonly access?: SocketFileAccess };
    /** HTTP POST listener, 127.0.0.1 by default. */
    readonly http?: { readonly host?: string; readonly port: number; readonly paths?: readonly string[] };
    readonly limits?: Partial<RpcServerLimits>;
  };
}

export interface RpcServerSetOptions {
  readonly logger?: RpcServerLogger;
  /** Default 60 s. */
  readonly handlerTimeoutMs?: number;
}

export class RpcServerSet {
  readonly dispatcher: RpcDispatcher;
  readonly listeners: readonly RpcListener[];
  readonly #logger: RpcServerLogger;
  #started: RpcListener[] = [];

  constructor(registry: RpcRegistry, config: RpcServerSetConfig, options: RpcServerSetOptions = {}) {
    this.#logger = options.logger ?? silentLogger;
    const logger = this.#logger;
    const dispatcher = new RpcDispatcher(registry, options.handlerTimeoutMs === undefined ? { logger } : { logger, handlerTimeoutMs: options.handlerTimeoutMs });
    this.dispatcher = dispatcher;
    const listeners: RpcListener[] = [];
    const binrpcAccess = config.binrpcAccess ?? {};
    const binrpcLimits = config.binrpcLimits ?? {};
    for (const listen of config.binrpc ?? []) {
      switch (listen.transport) {
        case 'unix-stream':
          listeners.push(new BinrpcStreamServer({ address: { path: listen.path }, dispatcher, access: binrpcAccess, limits: binrpcLimits, logger }));
          break;
        case 'tcp':
          listeners.push(new BinrpcStreamServer({ address: { host: listen.host, port: listen.port }, dispatcher, limits: binrpcLimits, logger }));
          break;
        case 'unix-dgram':
          listeners.push(new BinrpcDatagramServer({ address: { path: listen.path }, dispatcher, access: binrpcAccess, limits: binrpcLimits, logger }));
          break;
        case 'udp':
          listeners.push(new BinrpcDatagramServer({ address: { host: listen.host, port: listen.port }, dispatcher, limits: binrpcLimits, logger }));
          break;
      }
    }
    const json = config.jsonrpc;
    if (json !== undefined) {
      const pretty = json.pretty ?? true;
      const limits = json.limits ?? {};
      if (json.fifo !== undefined) {
        const fifo = json.fifo;
        listeners.push(
          new JsonRpcFifoServer({ path: fifo.path, ...(fifo.replyDir === undefined ? {} : { replyDir: fifo.replyDir }), access: fifo.access ?? {}, dispatcher, pretty, limits, logger }),
        );
      }
      if (json.datagram !== undefined) {
        listeners.push(new JsonRpcDatagramServer({ address: json.datagram.address, access: json.datagram.access ?? {}, dispatcher, pretty, limits, logger }));
      }
      if (json.http !== undefined) {
        const http = json.http;
        listeners.push(
          new JsonRpcHttpServer({
            port: http.port,
            ...(http.host === undefined ? {} : { host: http.host }),
            ...(http.paths === undefined ? {} : { paths: http.paths }),
            dispatcher,
            pretty,
            limits,
            logger,
          }),
        );
      }
    }
    this.listeners = listeners;
  }

  async start(): Promise<void> {
    for (const listener of this.listeners) {
      if (this.#started.includes(listener)) continue;
      try {
        await listener.start();
      } catch (error) {
        this.#logger.error({ listener: listener.url, err: error instanceof Error ? error.message : String(error) }, 'control listener failed to start');
        await this.stop();
        throw error;
      }
      this.#started.push(listener);
    }
  }

  async stop(): Promise<void> {
    const started = this.#started;
    this.#started = [];
    await Promise.all(started.map((listener) => listener.stop()));
  }

  /** Dispatcher counters plus the listeners' counters summed. */
  stats(): RpcDispatchStats & RpcListenerStats {
    const sum: RpcListenerStats = { requests: 0, protocolErrors: 0, dropped: 0, timeouts: 0, refused: 0 };
    for (const { stats } of this.listeners) {
      sum.requests += stats.requests;
      sum.protocolErrors += stats.protocolErrors;
      sum.dropped += stats.dropped;
      sum.timeouts += stats.timeouts;
      sum.refused += stats.refused;
    }
    return { ...this.dispatcher.stats, ...sum };
  }
}
