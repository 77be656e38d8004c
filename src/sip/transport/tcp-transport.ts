import net from 'node:net';
import { SipParseError } from '../sip-parse-error.js';
import { StreamFramer } from '../stream-framer.js';
import type { DestInfo, ReceiveInfo, TransportAddress } from '../transport-types.js';
import { errorReplyFromHeaderBytes } from './error-reply.js';
import { createListener, type ListenSpec, type Listener } from './listen.js';
import { reportSendError, TransportError, type SendErrorSink, type Transport, type TransportSink } from './transport.js';

export interface TcpTransportOptions {
  /** Close a connection after this long without traffic either way (Kamailio `tcp_connection_lifetime`, default 120 s). */
  readonly connectionLifetimeMs?: number;
  /** Most connections open at once, inbound and outbound together (Kamailio `tcp_max_connections`, default 2048). */
  readonly maxConnections?: number;
  /** Give up an outbound connect after this long (Kamailio `tcp_connect_timeout`, default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Largest header section a peer may send (default 64 KiB). */
  readonly maxHeaderBytes?: number;
  /** Largest body a peer may send (Content-Length; default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Refuse to queue more than this many unsent bytes on one connection (default 4 MiB). */
  readonly maxWriteQueueBytes?: number;
  /** How often idle and stuck connections are looked for (default 1 s, at most the lifetime). */
  readonly sweepIntervalMs?: number;
  /** Socket and sink errors that concern no single send. */
  readonly onError?: (err: Error) => void;
}

export interface TcpTransportStats {
  received: number;
  sent: number;
  sendErrors: number;
  accepted: number;
  connected: number;
  /** Inbound connections closed at once because `maxConnections` was reached. */
  rejected: number;
  /** Connections closed because framing failed (after a 400 when one could be formed). */
  framingErrors: number;
  /** Connections closed for being idle longer than the lifetime. */
  expired: number;
}

interface PendingWrite {
  readonly data: Buffer;
  readonly dest: DestInfo;
  readonly errors: SendErrorSink | undefined;
}

/** One TCP connection, inbound or outbound (Kamailio `tcp_connection`). */
class TcpConnection {
  readonly id: string;
  readonly socket: net.Socket;
  readonly framer: StreamFramer;
  readonly info: ReceiveInfo;
  readonly remoteKey: string;
  readonly outbound: boolean;
  readonly createdAt: number;
  lastActivity: number;
  state: 'connecting' | 'open' | 'closed';
  pending: PendingWrite[] | null;

  constructor(id: string, socket: net.Socket, framer: StreamFramer, info: ReceiveInfo, outbound: boolean, now: number) {
    this.id = id;
    this.socket = socket;
    this.framer = framer;
    this.info = info;
    this.remoteKey = remoteKey(info.src);
    this.outbound = outbound;
    this.createdAt = now;
    this.lastActivity = now;
    this.state = outbound ? 'connecting' : 'open';
    this.pending = outbound ? [] : null;
  }
}

function remoteKey(a: TransportAddress): string {
  return `${a.address.toLowerCase()}|${String(a.port)}`;
}

/**
 * SIP over TCP (RFC 3261 §18): a listening socket plus the connections it accepted or opened.
 *
 * - Messages are cut from each connection's byte stream by a `StreamFramer`; when framing
 *   fails the peer gets a 400 (built from the header section when it can be) and the
 *   connection is closed, since the stream cannot be re-synchronised.
 * - Connections are reused Kamailio-style: a send goes over `dest.connectionId` while it is
 *   open, else over any open connection with the destination's address and port — including
 *   one the peer opened to us — and only then over a new outbound connection.
 * - Connections idle for `connectionLifetimeMs` are closed by one shared sweep, which also ends
 *   connects that take longer than `connectTimeoutMs`. No timer is made per connection or message.
 */
export class TcpTransport implements Transport {
  readonly proto = 'tcp' as const;
  readonly reliable = true;
  readonly stats: TcpTransportStats = { received: 0, sent: 0, sendErrors: 0, accepted: 0, connected: 0, rejected: 0, framingErrors: 0, expired: 0 };
  readonly #spec: ListenSpec;
  readonly #lifetime: number;
  readonly #maxConnections: number;
  readonly #connectTimeout: number;
  readonly #maxWriteQueue: number;
  readonly #sweepInterval: number;
  readonly #framerOptions: { maxHeaderBytes?: number; maxBodyBytes?: number };
  readonly #onError: ((err: Error) => void) | undefined;
  #listener: Listener;
  #local: TransportAddress;
  #server: net.Server | null = null;
  #sink: TransportSink | null = null;
  #sweep: NodeJS.Timeout | null = null;
  #closed = false;
  #nextId = 1;
  readonly #byId = new Map<string, TcpConnection>();
  readonly #byRemote = new Map<string, TcpConnection>();

  constructor(spec: ListenSpec, options: TcpTransportOptions = {}) {
    if (spec.proto !== 'tcp') throw new Error(`TcpTransport cannot serve ${spec.proto}`);
    this.#spec = spec;
    this.#lifetime = options.connectionLifetimeMs ?? 120_000;
    this.#maxConnections = options.maxConnections ?? 2048;
    this.#connectTimeout = options.connectTimeoutMs ?? 10_000;
    this.#maxWriteQueue = options.maxWriteQueueBytes ?? 4 * 1024 * 1024;
    this.#sweepInterval = Math.max(10, Math.min(options.sweepIntervalMs ?? 1000, this.#lifetime, this.#connectTimeout));
    this.#framerOptions = {
      ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    };
    this.#onError = options.onError;
    this.#listener = createListener(spec);
    this.#local = { address: spec.address, port: spec.port, family: this.#listener.family };
  }

  get id(): string {
    return this.#listener.id;
  }

  get listener(): Listener {
    return this.#listener;
  }

  /** Open connections (inbound and outbound, connecting included). */
  get connectionCount(): number {
    return this.#byId.size;
  }

  /** The most connections allowed at once (`tcp_max_connections`). */
  get maxConnections(): number {
    return this.#maxConnections;
  }

  /** Bytes written but not yet taken by the kernel, over every connection (Kamailio's write queue). */
  get queuedBytes(): number {
    let n = 0;
    for (const c of this.#byId.values()) n += c.socket.writableLength;
    return n;
  }

  /** Whether a connection with this id is open (for `set_reply_no_connect`-style decisions). */
  hasConnection(connectionId: string): boolean {
    const c = this.#byId.get(connectionId);
    return c !== undefined && c.state !== 'closed';
  }

  async start(sink: TransportSink): Promise<void> {
    if (this.#server !== null) throw new Error(`${this.id} is already started`);
    this.#sink = sink;
    const server = net.createServer({ noDelay: true });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.#spec.address, port: this.#spec.port, ipv6Only: this.#listener.family === 'IPv6', backlog: 1024 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : this.#spec.port;
    this.#listener = createListener(this.#spec, port);
    this.#local = { address: this.#spec.address, port, family: this.#listener.family };
    server.on('error', (err) => this.#onError?.(err));
    server.on('connection', (socket) => {
      this.#accept(socket);
    });
    this.#sweep = setInterval(() => {
      this.#sweepConnections();
    }, this.#sweepInterval);
    this.#sweep.unref();
  }

  #accept(socket: net.Socket): void {
    if (this.#closed || this.#byId.size >= this.#maxConnections || socket.remoteAddress === undefined || socket.remotePort === undefined) {
      this.stats.rejected++;
      socket.destroy();
      return;
    }
    this.stats.accepted++;
    const src: TransportAddress = { address: socket.remoteAddress, port: socket.remotePort, family: socket.remoteFamily === 'IPv6' ? 'IPv6' : 'IPv4' };
    const conn = this.#register(socket, src, false);
    this.#attach(conn);
  }

  #register(socket: net.Socket, remote: TransportAddress, outbound: boolean): TcpConnection {
    const id = `${this.#listener.id}#${String(this.#nextId++)}`;
    const info: ReceiveInfo = { proto: 'tcp', src: remote, dst: this.#local, listenerId: this.#listener.id, connectionId: id };
    const conn = new TcpConnection(id, socket, new StreamFramer(this.#framerOptions), info, outbound, Date.now());
    this.#byId.set(id, conn);
    // The newest connection to an address wins; an older one stays usable by its id.
    this.#byRemote.set(conn.remoteKey, conn);
    return conn;
  }

  #attach(conn: TcpConnection): void {
    const socket = conn.socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#onData(conn, chunk);
    });
    socket.on('error', (err) => {
      this.#failPending(conn, err);
    });
    socket.on('close', () => {
      this.#forget(conn, new TransportError('connection-closed', `connection ${conn.id} closed`));
    });
  }

  #onData(conn: TcpConnection, chunk: Buffer): void {
    if (conn.state === 'closed') return;
    conn.lastActivity = Date.now();
    let messages: Buffer[];
    try {
      messages = conn.framer.push(chunk);
    } catch (err) {
      this.#framingFailed(conn, err);
      return;
    }
    const sink = this.#sink;
    for (const m of messages) {
      this.stats.received++;
      if (sink === null) break;
      try {
        sink.receive(m, conn.info);
      } catch (err) {
        this.#onError?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
    if (conn.framer.error !== null) this.#framingFailed(conn, conn.framer.error);
  }

  #framingFailed(conn: TcpConnection, err: unknown): void {
    this.stats.framingErrors++;
    const section = conn.framer.headerSection;
    const reply = err instanceof SipParseError && section !== null ? errorReplyFromHeaderBytes(section, err.sipStatus, err.reason) : null;
    this.#forget(conn, new TransportError('connection-closed', `connection ${conn.id} closed after a framing error`));
    if (reply !== null) {
      conn.socket.end(reply);
      conn.socket.setTimeout(1000, () => conn.socket.destroy());
    } else {
      conn.socket.destroy();
    }
  }

  /** Removes a connection from the tables and fails what was waiting for it to connect. */
  #forget(conn: TcpConnection, reason: Error): void {
    if (conn.state === 'closed') return;
    conn.state = 'closed';
    this.#byId.delete(conn.id);
    if (this.#byRemote.get(conn.remoteKey) === conn) this.#byRemote.delete(conn.remoteKey);
    this.#failPending(conn, reason);
  }

  #failPending(conn: TcpConnection, err: Error): void {
    const pending = conn.pending;
    if (pending === null || pending.length === 0) return;
    conn.pending = conn.state === 'connecting' ? [] : null;
    for (const p of pending) {
      this.stats.sendErrors++;
      reportSendError(p.errors, err, p.dest);
    }
  }

  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void {
    if (this.#closed || this.#server === null) {
      this.stats.sendErrors++;
      reportSendError(errors, new TransportError('not-started', `${this.id} is not running`), dest);
      return;
    }
    let conn: TcpConnection | undefined;
    if (dest.connectionId !== undefined) conn = this.#byId.get(dest.connectionId);
    conn ??= this.#byRemote.get(remoteKey(dest.to));
    if (conn === undefined) {
      if (dest.to.family !== this.#listener.family) {
        this.stats.sendErrors++;
        reportSendError(errors, new TransportError('wrong-family', `${this.id} cannot connect to ${dest.to.family} ${dest.to.address}`), dest);
        return;
      }
      if (this.#byId.size >= this.#maxConnections) {
        this.stats.sendErrors++;
        reportSendError(errors, new TransportError('connection-limit', `${this.id} has ${String(this.#byId.size)} connections, the limit`), dest);
        return;
      }
      conn = this.#connect(dest.to);
    }
    this.#write(conn, data, dest, errors);
  }

  #connect(to: TransportAddress): TcpConnection {
    const wildcard = this.#spec.address === '0.0.0.0' || this.#spec.address === '::';
    const socket = net.connect({
      host: to.address,
      port: to.port,
      family: to.family === 'IPv6' ? 6 : 4,
      noDelay: true,
      ...(wildcard ? {} : { localAddress: this.#spec.address }),
    });
    const conn = this.#register(socket, to, true);
    this.stats.connected++;
    socket.once('connect', () => {
      if (conn.state !== 'connecting') return;
      conn.state = 'open';
      conn.lastActivity = Date.now();
      const pending = conn.pending ?? [];
      conn.pending = null;
      for (const p of pending) this.#write(conn, p.data, p.dest, p.errors);
    });
    this.#attach(conn);
    return conn;
  }

  #write(conn: TcpConnection, data: Buffer, dest: DestInfo, errors: SendErrorSink | undefined): void {
    if (conn.state === 'connecting') {
      (conn.pending ??= []).push({ data, dest, errors });
      return;
    }
    if (conn.socket.writableLength > this.#maxWriteQueue) {
      this.stats.sendErrors++;
      reportSendError(errors, new TransportError('write-queue-full', `connection ${conn.id} has more than ${String(this.#maxWriteQueue)} bytes queued`), dest);
      return;
    }
    conn.lastActivity = Date.now();
    this.stats.sent++;
    conn.socket.write(data);
  }

  #sweepConnections(): void {
    const now = Date.now();
    for (const conn of this.#byId.values()) {
      if (conn.state === 'connecting') {
        if (now - conn.createdAt >= this.#connectTimeout) {
          this.#forget(conn, new TransportError('connect-timeout', `connect to ${conn.info.src.address}:${String(conn.info.src.port)} timed out`));
          conn.socket.destroy();
        }
      } else if (now - conn.lastActivity >= this.#lifetime) {
        this.stats.expired++;
        this.#forget(conn, new TransportError('connection-closed', `connection ${conn.id} expired`));
        conn.socket.destroy();
      }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink = null;
    if (this.#sweep !== null) clearInterval(this.#sweep);
    for (const conn of [...this.#byId.values()]) {
      this.#forget(conn, new TransportError('connection-closed', `${this.id} closed`));
      conn.socket.destroy();
    }
    const server = this.#server;
    if (server === null) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}
