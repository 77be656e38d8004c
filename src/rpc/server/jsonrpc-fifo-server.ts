/**
 * JSON-RPC over a FIFO, jsonrpcs' `fifo_name` transport that kamctl (CTLENGINE=RPCFIFO) uses
 * (PROTOCOLS.md §3.6). Clients write request documents into our FIFO; each names, in
 * `reply_name`, a FIFO the client made in our reply directory (`fifo_reply_dir`, default
 * `/tmp/`), and we write the reply text into it and close it.
 *
 * - The server FIFO is held open read-write, so it never reports end-of-file between clients.
 * - `reply_name` must be a bare file name (no `.`, `/` or `\`), the path at most 127 bytes, and
 *   the file a FIFO that is not a symlink; otherwise the request is not run and nothing is sent.
 * - The reply FIFO is opened non-blocking; without a reader yet, the open is retried 4 times
 *   every 80 ms (jsonrpcs' timing, which kamctl's `cat <fifo &` relies on), then given up.
 * - Requests of more than maxRequestBytes (default 8190, jsonrpcs' limit), garbage between
 *   documents and a document still incomplete after requestTimeoutMs are dropped and counted.
 */
import fsCallback, { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import { AppError } from '../../errors.js';
import { decodeJsonRpcRequest, MAX_FIFO_REQUEST_BYTES } from '../jsonrpc/codec.js';
import { mkfifo } from '../transport/mkfifo.js';
import type { RpcDispatcher, RpcOrigin } from './dispatcher.js';
import { FifoRequestFramer } from './fifo-request-framer.js';
import { answerJsonRpc } from './jsonrpc-answer.js';
import { DEFAULT_LIMITS, resolveLimits, type RpcServerLimits } from './limits.js';
import { newListenerStats, type RpcListener, type RpcListenerStats } from './rpc-listener.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';
import { applySocketAccess, prepareSocketPath, removeSocketFile, type SocketFileAccess } from './socket-file.js';

export interface JsonRpcFifoServerOptions {
  /** jsonrpcs `fifo_name`, absolute. */
  readonly path: string;
  /** jsonrpcs `fifo_reply_dir`; reply FIFO paths are this string followed by the name, as jsonrpcs builds them. Default `/tmp/`. */
  readonly replyDir?: string;
  readonly dispatcher: RpcDispatcher;
  readonly pretty?: boolean;
  readonly limits?: Partial<RpcServerLimits>;
  /** `fifo_mode` (default 0660) and `fifo_group`/`fifo_user`. */
  readonly access?: SocketFileAccess;
  readonly logger?: RpcServerLogger;
}

export const DEFAULT_FIFO_REPLY_DIR = '/tmp/';
const MAX_REPLY_PATH_BYTES = 127;
const REPLY_OPEN_RETRIES = 4;
const REPLY_OPEN_RETRY_MS = 80;

export class JsonRpcFifoServer implements RpcListener {
  readonly stats: RpcListenerStats = newListenerStats();
  readonly #options: JsonRpcFifoServerOptions;
  readonly #limits: RpcServerLimits;
  readonly #logger: RpcServerLogger;
  readonly #replyDir: string;
  readonly #writers = new Set<net.Socket>();
  #reader: net.Socket | undefined;
  #dripTimer: NodeJS.Timeout | undefined;
  #inFlight = 0;

  constructor(options: JsonRpcFifoServerOptions) {
    this.#options = options;
    this.#limits = resolveLimits({ ...DEFAULT_LIMITS, maxRequestBytes: MAX_FIFO_REQUEST_BYTES }, options.limits);
    this.#logger = options.logger ?? silentLogger;
    this.#replyDir = options.replyDir ?? DEFAULT_FIFO_REPLY_DIR;
  }

  get url(): string {
    return `fifo:${this.#options.path}`;
  }

  get replyDir(): string {
    return this.#replyDir;
  }

  async start(): Promise<void> {
    if (this.#reader !== undefined) return;
    const fifoPath = this.#options.path;
    const access = this.#options.access ?? {};
    await prepareSocketPath(fifoPath, 'fifo');
    await mkfifo(fifoPath, 0o600, 5000);
    let fd: number;
    try {
      await applySocketAccess(fifoPath, access);
      fd = await openFd(fifoPath, fsConstants.O_RDWR | fsConstants.O_NONBLOCK);
    } catch (error) {
      await removeSocketFile(fifoPath);
      throw error;
    }
    const reader = new net.Socket({ fd, readable: true, writable: false });
    const framer = new FifoRequestFramer(this.#limits.maxRequestBytes);
    reader.on('data', (chunk: Buffer) => {
      this.#receive(framer, chunk);
    });
    reader.on('error', (error) => {
      this.#logger.error({ listener: this.url, err: error.message }, 'JSON-RPC FIFO read failed');
    });
    this.#reader = reader;
    this.#logger.info({ listener: this.url }, 'JSON-RPC listening');
  }

  async stop(): Promise<void> {
    const reader = this.#reader;
    if (reader === undefined) return;
    this.#reader = undefined;
    clearTimeout(this.#dripTimer);
    reader.destroy();
    for (const writer of this.#writers) writer.destroy();
    this.#writers.clear();
    await removeSocketFile(this.#options.path);
  }

  #receive(framer: FifoRequestFramer, chunk: Buffer): void {
    let ended = false;
    for (const frame of framer.push(chunk)) {
      if (frame.kind !== 'garbage') ended = true;
      switch (frame.kind) {
        case 'garbage':
          this.stats.protocolErrors++;
          this.#logger.debug({ listener: this.url, bytes: frame.bytes }, 'JSON-RPC FIFO: bytes outside a request skipped');
          break;
        case 'oversized':
          this.stats.requests++;
          this.stats.protocolErrors++;
          this.stats.dropped++;
          this.#logger.debug({ listener: this.url, bytes: frame.bytes, limit: this.#limits.maxRequestBytes }, 'JSON-RPC FIFO: request too big, dropped');
          break;
        case 'document':
          this.stats.requests++;
          this.#serve(frame.text);
          break;
      }
    }
    // The timeout runs from the first byte of a document, not from the last: a writer that
    // drips its request must not hold the FIFO that every client shares.
    if (ended || !framer.pending) {
      clearTimeout(this.#dripTimer);
      this.#dripTimer = undefined;
    }
    if (framer.pending) {
      this.#dripTimer ??= setTimeout(() => {
        this.#dripTimer = undefined;
        this.stats.timeouts++;
        this.stats.dropped++;
        this.#logger.debug({ listener: this.url }, 'JSON-RPC FIFO: request not completed in time, dropped');
        framer.reset();
      }, this.#limits.requestTimeoutMs);
    }
  }

  #serve(document: Buffer): void {
    let replyPath: string;
    try {
      const request = decodeJsonRpcRequest(document, Number.MAX_SAFE_INTEGER);
      replyPath = this.#replyPath(request.replyName);
    } catch (error) {
      this.stats.protocolErrors++;
      this.stats.dropped++;
      this.#logger.debug({ listener: this.url, why: error instanceof Error ? error.message : String(error) }, 'JSON-RPC FIFO request not answered');
      return;
    }
    if (this.#inFlight >= this.#limits.maxInFlight) {
      this.stats.dropped++;
      return;
    }
    this.#inFlight++;
    const origin: RpcOrigin = { protocol: 'jsonrpc', transport: 'fifo', listener: this.url };
    answerJsonRpc(this.#options.dispatcher, document, origin, { pretty: this.#options.pretty ?? true, maxRequestBytes: Number.MAX_SAFE_INTEGER })
      .then(async (answer) => {
        if (answer.kind === 'unparsable') return;
        await this.#writeReply(replyPath, answer.text);
      })
      .catch((error: unknown) => {
        this.stats.dropped++;
        this.#logger.debug({ listener: this.url, err: error instanceof Error ? error.message : String(error) }, 'JSON-RPC FIFO reply not delivered');
      })
      .finally(() => {
        this.#inFlight--;
      });
  }

  #replyPath(name: string | undefined): string {
    if (name === undefined || name === '') throw new AppError('E_RPC_PROTOCOL', 'no reply_name');
    if (/[./\\\0]/.test(name)) throw new AppError('E_RPC_PROTOCOL', `reply_name ${JSON.stringify(name)} is not a bare file name`);
    const replyPath = `${this.#replyDir}${this.#replyDir.endsWith('/') ? '' : '/'}${name}`;
    if (Buffer.byteLength(replyPath) > MAX_REPLY_PATH_BYTES) throw new AppError('E_RPC_PROTOCOL', `reply path ${replyPath} is longer than ${MAX_REPLY_PATH_BYTES} bytes`);
    return replyPath;
  }

  async #writeReply(replyPath: string, text: string): Promise<void> {
    const stat = await fs.lstat(replyPath);
    if (!stat.isFIFO() || stat.nlink !== 1) throw new AppError('E_RPC_PROTOCOL', `${replyPath} is not a FIFO of its own`);
    let fd: number | undefined;
    for (let attempt = 0; fd === undefined; attempt++) {
      try {
        fd = await openFd(replyPath, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
      } catch (error) {
        if (!(error instanceof OpenError) || error.errno !== 'ENXIO' || attempt >= REPLY_OPEN_RETRIES || this.#reader === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, REPLY_OPEN_RETRY_MS));
      }
    }
    const writer = new net.Socket({ fd, readable: false, writable: true });
    this.#writers.add(writer);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          writer.destroy();
          reject(new AppError('E_RPC_TIMEOUT', `nobody read the reply from ${replyPath}`));
        }, this.#limits.requestTimeoutMs);
        writer.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        writer.end(text, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    } finally {
      this.#writers.delete(writer);
      writer.destroy();
    }
  }
}

class OpenError extends AppError {
  readonly errno: string;

  constructor(filePath: string, error: NodeJS.ErrnoException) {
    super('E_IO', `Cannot open ${filePath}: ${error.code ?? ''} ${error.message}`.trim(), { cause: error });
    this.errno = error.code ?? '';
  }
}

/** Opens a FIFO as a raw fd and checks that it is one (a net.Socket takes ownership of the fd). */
async function openFd(filePath: string, flags: number): Promise<number> {
  const fd = await new Promise<number>((resolve, reject) => {
    fsCallback.open(filePath, flags, (error, opened) => {
      if (error === null) resolve(opened);
      else reject(new OpenError(filePath, error));
    });
  });
  const isFifo = await new Promise<boolean>((resolve) => {
    fsCallback.fstat(fd, (error, stat) => {
      resolve(error === null && stat.isFIFO());
    });
  });
  if (!isFifo) {
    fsCallback.close(fd, () => undefined);
    throw new AppError('E_IO', `${filePath} is not a FIFO`);
  }
  return fd;
}
