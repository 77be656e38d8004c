import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { AppError } from '../../errors.js';
import { closeUdpSocket } from './close-udp-socket.js';
import type { DatagramChannel } from './datagram-channel.js';
import { errnoText } from './pending-calls.js';

/** A connected UDP socket: only the server's datagrams reach us. */
export class UdpChannel implements DatagramChannel {
  readonly #socket: dgram.Socket;
  readonly #name: string;

  private constructor(socket: dgram.Socket, name: string) {
    this.#socket = socket;
    this.#name = name;
  }

  static async open(host: string, port: number): Promise<UdpChannel> {
    const name = `${host}:${port}`;
    let address = host;
    let family = net.isIP(host);
    if (family === 0) {
      try {
        const found = await lookup(host);
        address = found.address;
        family = found.family;
      } catch (error) {
        throw new AppError('E_RPC_CONNECT', `Cannot resolve ${host}: ${errnoText(error)}`, { cause: error });
      }
    }
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      socket.close();
      throw new AppError('E_RPC_CONNECT', `Cannot reach udp:${name}: ${errnoText(error)}`, { cause: error });
    }
    return new UdpChannel(socket, name);
  }

  send(datagram: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#socket.send(datagram, (error) => {
        if (error === null) resolve();
        else reject(new AppError('E_RPC_CONNECT', `Cannot send to udp:${this.#name}: ${errnoText(error)}`, { cause: error }));
      });
    });
  }

  listen(onMessage: (datagram: Buffer) => void, onError: (error: Error) => void): void {
    this.#socket.on('message', onMessage);
    this.#socket.on('error', (error) => {
      onError(new AppError('E_RPC_CONNECT', `udp:${this.#name}: ${errnoText(error)}`, { cause: error }));
    });
  }

  close(): Promise<void> {
    return closeUdpSocket(this.#socket);
  }
}
