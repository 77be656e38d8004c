/**
 * BINRPC over a unix stream socket or TCP, as the ctl module serves kamcmd (PROTOCOLS.md §2.1,
 * §2.7): packets back to back on a connection that stays open, answered in order; a packet may
 * arrive in pieces and several may arrive at once. A protocol error is answered with a
 * `400 "bad request…"` fault and the connection is closed, as the ctl module does. Limits: a
 * packet over maxRequestBytes is refused as soon as its header is read, a packet still
 * incomplete requestTimeoutMs after its first byte drops the connection (slow drip), idle
 * connections close after idleTimeoutMs, at most maxConnections are open, and a client that
 * pipelines without reading is paused instead of buffered without end.
 */
import net from 'node:net';
import { BinrpcError } from '../binrpc/binrpc-error.js';
import { decodeHeader, decodePacket } from '../binrpc/codec.js';
import { answerCall, callOf, protocolFault, type BinrpcCall } from './binrpc-answer.js';
import type { RpcDispatcher, RpcOrigin } from './dispatcher.js';
import { DEFAULT_LIMITS, resolveLimits, type RpcServerLimits } from './limits.js';
import { newListenerStats, type RpcListener, type RpcListenerStats } from './rpc-listener.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';
import { applySocketAccess, prepareSocketPath, removeSocketFile, withPrivateUmask, type SocketFileAccess } from './socket-file.js';

export type StreamAddress = { readonly path: string } | { readonly host: string; readonly port: number };

export interface BinrpcStreamServerOptions {
  readonly address: StreamAddress;
  readonly dispatcher: RpcDispatcher;
  readonly limits?: Partial<RpcServerLimits>;
  /** Unix sockets only. */
  readonly access?: SocketFileAccess;
  readonly logger?: RpcServerLogger;
}

type QueueItem = { readonly kind: 'call'; readonly call: BinrpcCall } | { readonly kind: 'fault'; readonly bytes: Buffer };

export class BinrpcStreamServer implements RpcListener {
  readonly stats: RpcListenerStats = newListenerStats();
  readonly #options: BinrpcStreamServerOptions;
  readonly #limits: RpcServerLimits;
  readonly #logger: RpcServerLogger;
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | undefined;
  #boundPort: number | undefined;

  constructor(options: BinrpcStreamServerOptions) {
    this.#options = options;
    this.#limits = resolveLimits(DEFAULT_LIMITS, options.limits);
    this.#logger = options.logger ?? silentLogger;
  }

  get url(): string {
    const address = this.#options.address;
    if ('path' in address) return `unix:${address.path}`;
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    return `tcp:${host}:${this.#boundPort ?? address.port}`;
  }

  /** The TCP port actually bound (useful with port 0). */
  get port(): number | undefined {
    return this.#boundPort;
  }

  get connections(): number {
    return this.#sockets.size;
  }

  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    const address = this.#options.address;
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      this.#serve(socket);
    });
    server.maxConnections = this.#limits.maxConnections;
    server.on('drop', () => {
      this.stats.refused++;
    });
    if ('path' in address) await prepareSocketPath(address.path, 'stream');
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const listening = (): void => {
        server.off('error', reject);
        resolve();
      };
      if ('path' in address) withPrivateUmask(() => server.listen({ path: address.path, exclusive: true }, listening));
      else server.listen({ host: address.host, port: address.port, exclusive: true }, listening);
    });
    server.on('error', (error) => {
      this.#logger.error({ listener: this.url, err: error.message }, 'BINRPC listener failed');
    });
    this.#server = server;
    if ('path' in address) {
      await applySocketAccess(address.path, this.#options.access ?? {});
    } else {
      const bound = server.address();
      if (bound !== null && typeof bound !== 'string') this.#boundPort = bound.port;
    }
    this.#logger.info({ listener: this.url }, 'BINRPC listening');
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
    const address = this.#options.address;
    if ('path' in address) await removeSocketFile(address.path);
  }

  #serve(socket: net.Socket): void {
    this.#sockets.add(socket);
    const origin: RpcOrigin = { protocol: 'binrpc', transport: 'path' in this.#options.address ? 'unix-stream' : 'tcp', listener: this.url };
    const limits = this.#limits;
    const packetLimits = { maxBodyLength: limits.maxRequestBytes };
    let chunks: Buffer[] = [];
    let buffered = 0;
    const queue: QueueItem[] = [];
    let busy = false;
    const state = { broken: false };
    let ended = false;
    let dripTimer: NodeJS.Timeout | undefined;

    const clearDrip = (): void => {
      clearTimeout(dripTimer);
      dripTimer = undefined;
    };
    const peek = (count: number): Buffer => {
      const first = chunks[0];
      if (first === undefined) return Buffer.alloc(0);
      if (first.length >= count || chunks.length === 1) return first.subarray(0, count);
      return Buffer.concat(chunks, Math.min(count, buffered));
    };
    const take = (count: number): Buffer => {
      const all = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, buffered);
      const rest = all.subarray(count);
      chunks = rest.length > 0 ? [rest] : [];
      buffered = rest.length;
      return all.subarray(0, count);
    };
    const fail = (bytes: Buffer): void => {
      // The stream is out of step: answer in order, then close; ignore whatever else comes.
      this.stats.protocolErrors++;
      state.broken = true;
      chunks = [];
      buffered = 0;
      clearDrip();
      queue.push({ kind: 'fault', bytes });
    };

    const frame = (): void => {
      // Each turn removes one whole packet or stops, so this ends.
      while (!state.broken) {
        const head = peek(10);
        let parsed;
        try {
          parsed = decodeHeader(head, packetLimits);
        } catch (error) {
          if (!(error instanceof BinrpcError)) throw error;
          fail(protocolFault(error, cookieOf(head)));
          break;
        }
        if (parsed === undefined) break;
        const total = parsed.headerLength + parsed.header.bodyLen;
        if (buffered < total) break;
        const bytes = take(total);
        let call;
        try {
          call = callOf(decodePacket(bytes, packetLimits));
        } catch (error) {
          if (!(error instanceof BinrpcError)) throw error;
          fail(protocolFault(error, parsed.header.cookie));
          break;
        }
        // Not a request, or no method name: a protocol error too, which closes the connection.
        if ('fault' in call) {
          fail(call.fault);
        } else {
          queue.push({ kind: 'call', call });
          this.stats.requests++;
        }
      }
      if (buffered === 0) clearDrip();
      else dripTimer ??= setTimeout(() => {
        this.stats.timeouts++;
        this.stats.dropped++;
        this.#logger.debug({ listener: this.url, buffered }, 'BINRPC request not completed in time; closing the connection');
        socket.destroy();
      }, limits.requestTimeoutMs);
      if (queue.length >= limits.maxInFlight) socket.pause();
      void pump();
    };

    const pump = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      try {
        for (let item = queue.shift(); item !== undefined && !socket.destroyed; item = queue.shift()) {
          const bytes = item.kind === 'fault' ? item.bytes : await answerCall(this.#options.dispatcher, item.call, origin, limits.maxReplyBytes);
          // The await above may have seen the connection go.
          if (isGone(socket)) break;
          if (item.kind === 'fault') {
            socket.end(bytes);
            break;
          }
          if (!socket.write(bytes)) await drained(socket);
          if (!state.broken && socket.isPaused() && queue.length < limits.maxInFlight) socket.resume();
        }
      } catch (error) {
        this.#logger.error({ listener: this.url, err: error instanceof Error ? error.message : String(error) }, 'BINRPC connection failed');
        socket.destroy();
      } finally {
        busy = false;
        // The client sent its last request and half-closed: close once everything is answered.
        if (ended && queue.length === 0 && !socket.destroyed) socket.end();
      }
    };

    socket.setTimeout(limits.idleTimeoutMs, () => {
      this.stats.timeouts++;
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      if (state.broken) return;
      chunks.push(chunk);
      buffered += chunk.length;
      frame();
    });
    socket.on('end', () => {
      ended = true;
      clearDrip();
      if (!busy && queue.length === 0) socket.end();
    });
    socket.on('error', (error) => {
      this.#logger.debug({ listener: this.url, err: error.message }, 'BINRPC connection error');
    });
    socket.on('close', () => {
      clearDrip();
      queue.length = 0;
      this.#sockets.delete(socket);
    });
  }
}

/** The cookie of a header good enough to carry one, else 0 (what the ctl module uses when it cannot tell). */
export function cookieOf(head: Uint8Array): number {
  try {
    return decodeHeader(head, { maxBodyLength: Number.MAX_SAFE_INTEGER })?.header.cookie ?? 0;
  } catch {
    return 0;
  }
}

function isGone(socket: net.Socket): boolean {
  return socket.destroyed;
}

function drained(socket: net.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
