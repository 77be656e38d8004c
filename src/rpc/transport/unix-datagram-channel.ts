/**
 * Unix datagram sockets through the `unix-dgram` package.
 *
 * Why a package: Node's `dgram` has no AF_UNIX and `net` has only stream sockets, yet the ctl
 * module (`unixd:`) and jsonrpcs (`dgram_socket`, what kamcli uses) answer with sendto() to the
 * client's bound socket path, so a client must own a bound AF_UNIX SOCK_DGRAM socket.
 * `unix-dgram` (by a Node.js core maintainer, the package most used for this, small C++ addon
 * built by node-gyp, works on Node 20) is exactly socket/bind/sendto/recv over libuv polling.
 * `node-unix-socket` was the alternative: it ships prebuilt binaries per platform instead of
 * building here, and brings SEQPACKET/REUSEPORT features we do not need.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import unixDgram, { type UnixDgramSocket } from 'unix-dgram';
import { AppError } from '../../errors.js';
import { MAX_DATAGRAM_BYTES, type DatagramChannel } from './datagram-channel.js';
import { errnoText } from './pending-calls.js';
import { replyName } from './reply-name.js';

/**
 * Mode of our reply socket. Kamailio may run as another user and must be able to sendto() it,
 * so, like kamctl's `chmod a+w` reply FIFO, it is world-writable; its name is random and
 * and replies are matched by cookie/id.
 */
const REPLY_SOCKET_MODE = 0o666;

/** How long a send keeps retrying while the server's queue is full. */
const SEND_RETRY_MS = 2000;
/** unix-dgram reports a full queue as errno -EAGAIN (-11) or as its own code 1 ("congestion"). */
const EAGAIN = -11;

function isCongestion(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return code === EAGAIN || code === 1;
}

export class UnixDatagramChannel implements DatagramChannel {
  readonly #socket: UnixDgramSocket;
  readonly #server: string;
  readonly #own: string;
  #closed = false;

  private constructor(socket: UnixDgramSocket, server: string, own: string) {
    this.#socket = socket;
    this.#server = server;
    this.#own = own;
  }

  /** Binds a fresh reply socket in `replyDir` (an absolute path: the server resolves it from its own working directory). */
  static async open(serverPath: string, replyDir: string): Promise<UnixDatagramChannel> {
    const own = path.resolve(replyDir, `${replyName('sipctl')}.sock`);
    let socket: UnixDgramSocket;
    try {
      socket = unixDgram.createSocket('unix_dgram');
    } catch (error) {
      throw new AppError('E_RPC_CONNECT', `Cannot create a unix datagram socket: ${errnoText(error)}`, { cause: error });
    }
    const bindError = await new Promise<Error | undefined>((resolve) => {
      socket.once('error', resolve);
      socket.once('listening', () => {
        resolve(undefined);
      });
      socket.bind(own);
    });
    if (bindError !== undefined) {
      socket.close();
      throw new AppError('E_RPC_CONNECT', `Cannot bind the reply socket ${own}: ${errnoText(bindError)}`, { cause: bindError });
    }
    await fs.chmod(own, REPLY_SOCKET_MODE).catch(() => undefined);
    return new UnixDatagramChannel(socket, path.resolve(serverPath), own);
  }

  async send(datagram: Buffer): Promise<void> {
    if (datagram.length > MAX_DATAGRAM_BYTES) {
      throw new AppError('E_RPC_PROTOCOL', `Request of ${datagram.length} bytes does not fit in one datagram`);
    }
    // A unix datagram socket queues only a few datagrams (net.unix.max_dgram_qlen, 10 by
    // default); when many clients send at once the kernel says EAGAIN. Wait and retry, as a
    // blocking sendto() would, within a bounded time.
    for (let delay = 1, waited = 0; ; waited += delay, delay = Math.min(delay * 2, 50)) {
      const error = await this.#sendOnce(datagram);
      if (error === undefined) return;
      if (!isCongestion(error) || waited >= SEND_RETRY_MS) {
        throw new AppError('E_RPC_CONNECT', `Cannot send to ${this.#server}: ${errnoText(error)} (is the server running with this socket?)`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  #sendOnce(datagram: Buffer): Promise<Error | undefined> {
    return new Promise((resolve) => {
      this.#socket.send(datagram, 0, datagram.length, this.#server, resolve);
    });
  }

  listen(onMessage: (datagram: Buffer) => void, onError: (error: Error) => void): void {
    // jsonrpcs may answer from a socket other than its listening one, so the sender path is not
    // checked; replies are matched by cookie/id instead.
    this.#socket.on('message', (datagram) => {
      onMessage(datagram);
    });
    this.#socket.on('error', (error) => {
      onError(new AppError('E_RPC_CONNECT', `${this.#server}: ${errnoText(error)}`, { cause: error }));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#socket.close();
    } finally {
      await fs.rm(this.#own, { force: true });
    }
  }
}
