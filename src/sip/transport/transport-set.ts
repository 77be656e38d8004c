import type { DestInfo, Proto } from '../transport-types.js';
import type { Listener } from './listen.js';
import { reportSendError, TransportError, type SendErrorSink, type Transport, type TransportSink } from './transport.js';

/**
 * Every listening socket of the server (Kamailio's socket lists): starts and closes them
 * together, picks the one to send from, and answers "is this address:port us?".
 */
export class TransportSet {
  readonly #transports: readonly Transport[];
  readonly #byId = new Map<string, Transport>();

  constructor(transports: readonly Transport[]) {
    this.#transports = transports;
  }

  get transports(): readonly Transport[] {
    return this.#transports;
  }

  get listeners(): Listener[] {
    return this.#transports.map((t) => t.listener);
  }

  /** Starts every transport (all or none: on failure the started ones are closed again). */
  async start(sink: TransportSink): Promise<void> {
    const started: Transport[] = [];
    try {
      for (const t of this.#transports) {
        await t.start(sink);
        started.push(t);
      }
    } catch (err) {
      await Promise.all(started.map((t) => t.close()));
      throw err;
    }
    this.#byId.clear();
    for (const t of this.#transports) this.#byId.set(t.id, t);
  }

  async close(): Promise<void> {
    await Promise.all(this.#transports.map((t) => t.close()));
  }

  byId(id: string): Transport | undefined {
    return this.#byId.get(id) ?? this.#transports.find((t) => t.id === id);
  }

  /**
   * The transport to send with: the one named by `listenerId` when it serves that protocol,
   * else the first of the protocol and address family (Kamailio picks the first socket too).
   */
  select(proto: Proto, family: 'IPv4' | 'IPv6', listenerId?: string): Transport | undefined {
    if (listenerId !== undefined) {
      const t = this.byId(listenerId);
      if (t !== undefined && t.proto === proto && t.listener.family === family) return t;
    }
    for (const t of this.#transports) if (t.proto === proto && t.listener.family === family) return t;
    return undefined;
  }

  /** Whether some socket can send this protocol to this family (for choosing among resolved addresses). */
  canSend(proto: Proto, family: 'IPv4' | 'IPv6'): boolean {
    return this.select(proto, family) !== undefined;
  }

  /** Sends through `select(dest.proto, dest.to.family, dest.listenerId)`. */
  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void {
    const t = this.select(dest.proto, dest.to.family, dest.listenerId);
    if (t === undefined) {
      reportSendError(errors, new TransportError('no-transport', `no ${dest.proto} socket for ${dest.to.family} ${dest.to.address}`), dest);
      return;
    }
    t.send(dest, data, errors);
  }

  /**
   * Whether host:port names one of our sockets (the advertised or bound address; a missing port
   * means the protocol's default). Used to check that the top Via of a response is ours.
   */
  isLocal(host: string, port: number | null, defaultPortValue = 5060): boolean {
    const bare = host.startsWith('[') ? host.slice(1, -1).toLowerCase() : host.toLowerCase();
    const p = port ?? defaultPortValue;
    for (const t of this.#transports) {
      const l = t.listener;
      const lh = l.host.startsWith('[') ? l.host.slice(1, -1).toLowerCase() : l.host.toLowerCase();
      if ((lh === bare && l.advertisedPort === p) || (l.address.toLowerCase() === bare && l.port === p)) return true;
    }
    return false;
  }
}
