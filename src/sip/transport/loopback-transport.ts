import type { DestInfo, ReceiveInfo, TransportAddress } from '../transport-types.js';
import { createListener, type ListenSpec, type Listener } from './listen.js';
import { isReliable, reportSendError, TransportError, type SendErrorSink, type Transport, type TransportSink } from './transport.js';

/** Decides whether one message reaches its destination: return false to lose it. */
export type LoopbackFilter = (from: LoopbackTransport, dest: DestInfo, data: Buffer) => boolean;

interface Delivery {
  readonly from: LoopbackTransport;
  readonly dest: DestInfo;
  readonly data: Buffer;
  readonly errors: SendErrorSink | undefined;
}

function nodeKey(proto: string, address: string, port: number): string {
  return `${proto}|${address.toLowerCase()}|${String(port)}`;
}

/**
 * An in-process network for loopback transports: what one sends is queued and delivered to the
 * transport bound at the destination address, port and protocol, in order, in a microtask (never
 * from inside `send`, as a socket would not). Tests look at or lose messages with `filter`
 * and wait for quiet with `settle()`.
 */
export class LoopbackNetwork {
  filter: LoopbackFilter | null = null;
  delivered = 0;
  lost = 0;
  /** Exceptions thrown by receiving sinks (a sink should never throw; tests assert this stays empty). */
  readonly errors: unknown[] = [];
  readonly #nodes = new Map<string, LoopbackTransport>();
  #queue: Delivery[] = [];
  #head = 0;
  #scheduled = false;
  #nextPort = 40000;

  /** A free port number on this network (for `port: 0`). */
  allocatePort(): number {
    return this.#nextPort++;
  }

  /** @internal */
  attach(t: LoopbackTransport): void {
    const key = nodeKey(t.proto, t.listener.address, t.listener.port);
    if (this.#nodes.has(key)) throw new Error(`loopback address ${t.id} is in use`);
    this.#nodes.set(key, t);
  }

  /** @internal */
  detach(t: LoopbackTransport): void {
    const key = nodeKey(t.proto, t.listener.address, t.listener.port);
    if (this.#nodes.get(key) === t) this.#nodes.delete(key);
  }

  /** @internal */
  enqueue(from: LoopbackTransport, dest: DestInfo, data: Buffer, errors: SendErrorSink | undefined): void {
    this.#queue.push({ from, dest, data, errors });
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#drain);
    }
  }

  readonly #drain = (): void => {
    // Messages sent while delivering are appended and delivered in the same loop, up to a
    // budget; beyond it the rest waits for the next turn of the event loop, so that timers
    // and I/O still run under a sustained load (the benchmark).
    let budget = 4096;
    while (this.#head < this.#queue.length) {
      if (budget-- === 0) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
        setImmediate(this.#drain);
        return;
      }
      const d = this.#queue[this.#head++];
      if (d === undefined) break;
      this.#deliver(d);
    }
    this.#queue = [];
    this.#head = 0;
    this.#scheduled = false;
  };

  #deliver(d: Delivery): void {
    if (this.filter !== null && !this.filter(d.from, d.dest, d.data)) {
      this.lost++;
      return;
    }
    const target = this.#nodes.get(nodeKey(d.dest.proto, d.dest.to.address, d.dest.to.port));
    if (target === undefined) {
      this.lost++;
      if (isReliable(d.dest.proto)) {
        reportSendError(d.errors, new TransportError('unreachable', `nothing listens on ${d.dest.proto}:${d.dest.to.address}:${String(d.dest.to.port)}`), d.dest);
      }
      return;
    }
    this.delivered++;
    try {
      target.deliver(d.data, d.from.localAddress);
    } catch (err) {
      this.errors.push(err);
    }
  }

  /** Whether nothing is queued or about to be delivered. */
  get idle(): boolean {
    return this.#head >= this.#queue.length && !this.#scheduled;
  }

  /** Resolves once every queued message has been delivered and nothing new was sent for a turn. */
  async settle(): Promise<void> {
    let quietTurns = 0;
    for (let i = 0; i < 10000 && quietTurns < 2; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      quietTurns = this.idle ? quietTurns + 1 : 0;
    }
  }
}

/**
 * A transport on a `LoopbackNetwork`: the whole pipeline (transport → parser → transactions →
 * proxy → transport) runs in-process, without sockets, for unit tests and the benchmark.
 * `proto` decides reliability as for real sockets (UDP retransmits, TCP does not).
 */
export class LoopbackTransport implements Transport {
  readonly proto: 'udp' | 'tcp';
  readonly reliable: boolean;
  readonly #network: LoopbackNetwork;
  readonly #listener: Listener;
  readonly localAddress: TransportAddress;
  #sink: TransportSink | null = null;
  sent = 0;

  constructor(network: LoopbackNetwork, spec: ListenSpec) {
    if (spec.proto !== 'udp' && spec.proto !== 'tcp') throw new Error(`loopback transports are udp or tcp, not ${spec.proto}`);
    this.proto = spec.proto;
    this.reliable = isReliable(spec.proto);
    this.#network = network;
    this.#listener = createListener(spec, spec.port === 0 ? network.allocatePort() : spec.port);
    this.localAddress = { address: this.#listener.address, port: this.#listener.port, family: this.#listener.family };
  }

  get id(): string {
    return this.#listener.id;
  }

  get listener(): Listener {
    return this.#listener;
  }

  async start(sink: TransportSink): Promise<void> {
    this.#network.attach(this);
    this.#sink = sink;
  }

  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void {
    if (this.#sink === null) {
      reportSendError(errors, new TransportError('not-started', `${this.id} is not running`), dest);
      return;
    }
    this.sent++;
    this.#network.enqueue(this, dest, data, errors);
  }

  /** @internal Called by the network. */
  deliver(data: Buffer, src: TransportAddress): void {
    const sink = this.#sink;
    if (sink === null) return;
    const info: ReceiveInfo = { proto: this.proto, src, dst: this.localAddress, listenerId: this.#listener.id };
    sink.receive(data, info);
  }

  async close(): Promise<void> {
    this.#network.detach(this);
    this.#sink = null;
  }
}
