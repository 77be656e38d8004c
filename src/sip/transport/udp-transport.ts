import dgram from 'node:dgram';
import type { DestInfo, ReceiveInfo, TransportAddress } from '../transport-types.js';
import { createListener, type ListenSpec, type Listener } from './listen.js';
import { reportSendError, TransportError, type SendErrorSink, type Transport, type TransportSink } from './transport.js';

export interface UdpTransportOptions {
  /** SO_RCVBUF in bytes. Size it (up to net.core.rmem_max): the default drops datagrams under load. */
  readonly recvBufferSize?: number;
  /** SO_SNDBUF in bytes. */
  readonly sendBufferSize?: number;
  /** Datagrams shorter than this are keep-alives or noise and are dropped (default 16). */
  readonly minMessageBytes?: number;
  /** Called for socket errors that do not belong to one send (the socket keeps running). */
  readonly onError?: (err: Error) => void;
}

/** Counters a transport keeps (Kamailio's core statistics of the same names, per socket). */
export interface UdpTransportStats {
  received: number;
  dropped: number;
  sent: number;
  sendErrors: number;
}

/**
 * SIP over UDP on one IPv4 or IPv6 socket (RFC 3261 §18). Every datagram of at least
 * `minMessageBytes` is one message for the sink; the sink parses it. Sends go out from this
 * socket, so the source address of our requests is the listen address.
 */
export class UdpTransport implements Transport {
  readonly proto = 'udp' as const;
  readonly reliable = false;
  readonly stats: UdpTransportStats = { received: 0, dropped: 0, sent: 0, sendErrors: 0 };
  readonly #spec: ListenSpec;
  readonly #options: UdpTransportOptions;
  #listener: Listener;
  #socket: dgram.Socket | null = null;
  #sink: TransportSink | null = null;
  #local: TransportAddress;
  #closed = false;

  constructor(spec: ListenSpec, options: UdpTransportOptions = {}) {
    if (spec.proto !== 'udp') throw new Error(`UdpTransport cannot serve ${spec.proto}`);
    this.#spec = spec;
    this.#options = options;
    this.#listener = createListener(spec);
    this.#local = { address: spec.address, port: spec.port, family: this.#listener.family };
  }

  get id(): string {
    return this.#listener.id;
  }

  get listener(): Listener {
    return this.#listener;
  }

  async start(sink: TransportSink): Promise<void> {
    if (this.#socket !== null) throw new Error(`${this.id} is already started`);
    this.#sink = sink;
    const socket = dgram.createSocket({
      type: this.#listener.family === 'IPv6' ? 'udp6' : 'udp4',
      ipv6Only: this.#listener.family === 'IPv6',
      ...(this.#options.recvBufferSize === undefined ? {} : { recvBufferSize: this.#options.recvBufferSize }),
      ...(this.#options.sendBufferSize === undefined ? {} : { sendBufferSize: this.#options.sendBufferSize }),
    });
    this.#socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.#spec.port, this.#spec.address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const port = socket.address().port;
    this.#listener = createListener(this.#spec, port);
    this.#local = { address: this.#spec.address, port, family: this.#listener.family };
    socket.on('error', (err) => {
      this.#options.onError?.(err);
    });
    socket.on('message', (msg, rinfo) => {
      this.#onMessage(msg, rinfo);
    });
  }

  #onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const sink = this.#sink;
    if (sink === null || msg.length < (this.#options.minMessageBytes ?? 16)) {
      this.stats.dropped++;
      return;
    }
    this.stats.received++;
    const info: ReceiveInfo = {
      proto: 'udp',
      src: { address: rinfo.address, port: rinfo.port, family: rinfo.family === 'IPv6' ? 'IPv6' : 'IPv4' },
      dst: this.#local,
      listenerId: this.#listener.id,
    };
    sink.receive(msg, info);
  }

  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void {
    const socket = this.#socket;
    if (socket === null || this.#closed) {
      this.stats.sendErrors++;
      reportSendError(errors, new TransportError('not-started', `${this.id} is not running`), dest);
      return;
    }
    if (dest.to.family !== this.#listener.family) {
      this.stats.sendErrors++;
      reportSendError(errors, new TransportError('wrong-family', `${this.id} cannot send to ${dest.to.family} ${dest.to.address}`), dest);
      return;
    }
    this.stats.sent++;
    if (errors === undefined) {
      socket.send(data, dest.to.port, dest.to.address, this.#onSent);
      return;
    }
    socket.send(data, dest.to.port, dest.to.address, (err) => {
      if (err === null) return;
      this.stats.sendErrors++;
      errors.onSendError(err, dest);
    });
  }

  /** The callback of sends nobody waits for: count failures instead of raising 'error'. */
  readonly #onSent = (err: Error | null): void => {
    if (err !== null) this.stats.sendErrors++;
  };

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const socket = this.#socket;
    this.#sink = null;
    if (socket === null) return;
    await new Promise<void>((resolve) => {
      socket.close(() => {
        resolve();
      });
    });
  }
}
