/**
 * Raw bytes to control sockets, for hostile-input tests: a stream exchange with pauses, a drip
 * and an optional end-of-file, a datagram probe over UDP or a unix datagram socket (through
 * `unix-dgram`, as the servers use it), and a reply FIFO of our own. No protocol knowledge;
 * every wait is bounded.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import unixDgram from 'unix-dgram';
import { mkfifo } from '../../src/rpc/transport/mkfifo.js';

export type StreamTarget = { readonly path: string } | { readonly host: string; readonly port: number };

export interface StreamPlan {
  /** Written in order. */
  readonly pieces: readonly Buffer[];
  /** Pause after each piece (a slow drip when the pieces are single bytes). */
  readonly gapMs?: number;
  /** Pause after the last piece, before the end-of-file (if any). */
  readonly silenceMs?: number;
  /** Half-close after the last piece and the silence. */
  readonly end?: boolean;
  /** Stop waiting for the server this long after the start. Default 2000. */
  readonly deadlineMs?: number;
}

export interface StreamResult {
  /** Everything the server sent. */
  readonly bytes: Buffer;
  /** The server closed (or reset) the connection before the deadline. */
  readonly closed: boolean;
  /** From the start to the close or the deadline. */
  readonly ms: number;
  /** Pieces written before the server closed. */
  readonly written: number;
}

/** Connects, writes the plan and reads until the server closes or the deadline passes. */
export function streamExchange(target: StreamTarget, plan: StreamPlan): Promise<StreamResult> {
  return new Promise<StreamResult>((resolve) => {
    const started = Date.now();
    const socket = net.connect(target);
    const chunks: Buffer[] = [];
    let written = 0;
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed, ms: Date.now() - started, written });
    };
    const timer = setTimeout(() => {
      finish(false);
    }, plan.deadlineMs ?? 2000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      finish(true);
    });
    socket.on('close', () => {
      finish(true);
    });
    socket.on('error', () => {
      finish(true);
    });
    socket.on('connect', () => {
      void (async () => {
        for (const piece of plan.pieces) {
          if (settled) return;
          socket.write(piece);
          written++;
          if (plan.gapMs !== undefined) await sleep(plan.gapMs);
        }
        if (plan.silenceMs !== undefined) await sleep(plan.silenceMs);
        if (plan.end === true && !settled) socket.end();
      })();
    });
  });
}

/** Sends one datagram from an unbound unix datagram socket: the server has no address to answer. */
export function sendUnboundUnixDgram(serverPath: string, bytes: Buffer): Promise<void> {
  const socket = unixDgram.createSocket('unix_dgram');
  return new Promise<void>((resolve, reject) => {
    socket.send(bytes, 0, bytes.length, serverPath, (error) => {
      socket.close();
      if (error === undefined) resolve();
      else reject(error);
    });
  });
}

/** A client datagram socket: sends to one server address and keeps every reply. */
export interface DatagramProbe {
  send(bytes: Buffer): Promise<void>;
  /** Waits until `count` replies have arrived or `timeoutMs` passed; returns all replies so far. */
  replies(count: number, timeoutMs: number): Promise<readonly Buffer[]>;
  close(): Promise<void>;
}

class ReplyCollector {
  readonly received: Buffer[] = [];
  #wake: (() => void) | undefined;

  push(bytes: Buffer): void {
    this.received.push(bytes);
    this.#wake?.();
  }

  async wait(count: number, timeoutMs: number): Promise<readonly Buffer[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    return [...this.received];
  }
}

export async function udpProbe(port: number, host = '127.0.0.1'): Promise<DatagramProbe> {
  const socket = dgram.createSocket('udp4');
  const collector = new ReplyCollector();
  socket.on('message', (bytes) => {
    collector.push(bytes);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        socket.send(bytes, port, host, (error) => {
          if (error === null) resolve();
          else reject(error);
        });
      }),
    replies: (count, timeoutMs) => collector.wait(count, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        socket.close(() => {
          resolve();
        });
      }),
  };
}

/** unix-dgram's error code for EAGAIN: the server's receive queue is full (net.unix.max_dgram_qlen, 10 by default). */
const UNIX_DGRAM_EAGAIN = -11;
const CONGESTED_RETRIES = 200;
const CONGESTED_RETRY_MS = 10;

/**
 * A unix datagram socket bound at `ownPath` (so the server can answer), sending to `serverPath`.
 * A send into a full queue is retried for up to two seconds, as a blocking sendto() would wait.
 */
export function unixDgramProbe(serverPath: string, ownPath: string): Promise<DatagramProbe> {
  const socket = unixDgram.createSocket('unix_dgram');
  const collector = new ReplyCollector();
  socket.on('message', (bytes) => {
    collector.push(bytes);
  });
  socket.on('error', () => undefined);
  socket.bind(ownPath);
  const sendOnce = (bytes: Buffer): Promise<Error | undefined> =>
    new Promise((resolve) => {
      socket.send(bytes, 0, bytes.length, serverPath, resolve);
    });
  return Promise.resolve({
    send: async (bytes) => {
      for (let attempt = 0; ; attempt++) {
        const error = await sendOnce(bytes);
        if (error === undefined) return;
        if (!('code' in error) || error.code !== UNIX_DGRAM_EAGAIN || attempt >= CONGESTED_RETRIES) throw error;
        await sleep(CONGESTED_RETRY_MS);
      }
    },
    replies: (count, timeoutMs) => collector.wait(count, timeoutMs),
    close: () => {
      socket.close();
      fs.rmSync(ownPath, { force: true });
      return Promise.resolve();
    },
  });
}

/** Writes bytes into a FIFO that has a reader (non-blocking: a FIFO without one fails with ENXIO). */
export async function writeFifo(fifoPath: string, bytes: Buffer): Promise<void> {
  const handle = await fs.promises.open(fifoPath, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  try {
    await handle.write(bytes);
  } finally {
    await handle.close();
  }
}

/** A FIFO of our own that a server writes replies into; held open read-write, so it never reports end-of-file. */
export interface ReplyFifo {
  readonly path: string;
  /** Everything written into it so far. */
  text(): string;
  close(): Promise<void>;
}

export async function openReplyFifo(fifoPath: string): Promise<ReplyFifo> {
  await mkfifo(fifoPath, 0o600, 5000);
  const fd = fs.openSync(fifoPath, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
  const reader = new net.Socket({ fd, readable: true, writable: false });
  let text = '';
  reader.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  reader.on('error', () => undefined);
  return {
    path: fifoPath,
    text: () => text,
    close: () => {
      reader.destroy();
      fs.rmSync(fifoPath, { force: true });
      return Promise.resolve();
    },
  };
}
