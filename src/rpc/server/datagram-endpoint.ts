/**
 * A bound datagram socket of a server: UDP through node:dgram, unix datagram through the
 * `unix-dgram` package (Node has no AF_UNIX datagram sockets; see
 * src/rpc/transport/unix-datagram-channel.ts for why that package). Replies go to the sender's
 * address, as the ctl module and jsonrpcs send them.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import unixDgram, { type UnixDgramSocket } from 'unix-dgram';
import { AppError } from '../../errors.js';
import { closeUdpSocket } from '../transport/close-udp-socket.js';
import { applySocketAccess, prepareSocketPath, removeSocketFile, withPrivateUmask, type SocketFileAccess } from './socket-file.js';

export type DatagramPeer = { readonly kind: 'udp'; readonly address: string; readonly port: number } | { readonly kind: 'unix'; readonly path: string };

export type DatagramAddress = { readonly path: string } | { readonly host: string; readonly port: number };

export interface DatagramEndpoint {
  /** The bound UDP port (for port 0), undefined for unix sockets. */
  readonly port: number | undefined;
  /** `peer` is undefined when the sender is an unbound unix socket: there is no way to answer it. */
  onMessage(listener: (bytes: Buffer, peer: DatagramPeer | undefined) => void): void;
  onError(listener: (error: Error) => void): void;
  send(bytes: Buffer, peer: DatagramPeer): Promise<void>;
  close(): Promise<void>;
}

export async function bindDatagramEndpoint(address: DatagramAddress, access: SocketFileAccess = {}): Promise<DatagramEndpoint> {
  return 'path' in address ? UnixEndpoint.bind(address.path, access) : UdpEndpoint.bind(address.host, address.port);
}

class UdpEndpoint implements DatagramEndpoint {
  readonly #socket: dgram.Socket;

  private constructor(socket: dgram.Socket) {
    this.#socket = socket;
  }

  static async bind(host: string, port: number): Promise<UdpEndpoint> {
    const socket = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      socket.close();
      throw new AppError('E_IO', `Cannot bind UDP ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    return new UdpEndpoint(socket);
  }

  get port(): number {
    return this.#socket.address().port;
  }

  onMessage(listener: (bytes: Buffer, peer: DatagramPeer | undefined) => void): void {
    this.#socket.on('message', (bytes, rinfo) => {
      listener(bytes, { kind: 'udp', address: rinfo.address, port: rinfo.port });
    });
  }

  onError(listener: (error: Error) => void): void {
    this.#socket.on('error', listener);
  }

  send(bytes: Buffer, peer: DatagramPeer): Promise<void> {
    if (peer.kind !== 'udp') return Promise.reject(new AppError('E_INTERNAL', 'a UDP socket cannot answer a unix peer'));
    return new Promise<void>((resolve, reject) => {
      this.#socket.send(bytes, peer.port, peer.address, (error) => {
        if (error === null) resolve();
        else reject(error);
      });
    });
  }

  close(): Promise<void> {
    return closeUdpSocket(this.#socket);
  }
}

class UnixEndpoint implements DatagramEndpoint {
  readonly port = undefined;
  readonly #socket: UnixDgramSocket;
  readonly #path: string;
  #closed = false;

  private constructor(socket: UnixDgramSocket, filePath: string) {
    this.#socket = socket;
    this.#path = filePath;
  }

  static async bind(filePath: string, access: SocketFileAccess): Promise<UnixEndpoint> {
    await prepareSocketPath(filePath, 'dgram');
    const socket = unixDgram.createSocket('unix_dgram');
    const failure = withPrivateUmask(() => {
      let bindError: Error | undefined;
      const onError = (error: Error): void => {
        bindError = error;
      };
      // unix-dgram binds synchronously and reports through events in the same tick.
      socket.once('error', onError);
      socket.bind(filePath);
      socket.off('error', onError);
      return bindError;
    });
    if (failure !== undefined) {
      socket.close();
      throw new AppError('E_IO', `Cannot bind the unix datagram socket ${filePath}: ${failure.message}`, { cause: failure });
    }
    try {
      await applySocketAccess(filePath, access);
    } catch (error) {
      socket.close();
      await removeSocketFile(filePath);
      throw error;
    }
    return new UnixEndpoint(socket, filePath);
  }

  onMessage(listener: (bytes: Buffer, peer: DatagramPeer | undefined) => void): void {
    this.#socket.on('message', (bytes, rinfo) => {
      listener(bytes, rinfo.path === undefined || rinfo.path === '' ? undefined : { kind: 'unix', path: rinfo.path });
    });
  }

  onError(listener: (error: Error) => void): void {
    this.#socket.on('error', listener);
  }

  send(bytes: Buffer, peer: DatagramPeer): Promise<void> {
    if (peer.kind !== 'unix') return Promise.reject(new AppError('E_INTERNAL', 'a unix datagram socket cannot answer a UDP peer'));
    return new Promise<void>((resolve, reject) => {
      this.#socket.send(bytes, 0, bytes.length, peer.path, (error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#socket.close();
    } catch {
      // Already closed by the OS; nothing left to release.
    }
    await removeSocketFile(this.#path);
  }
}
