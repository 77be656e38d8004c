import fsCallback, { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../../errors.js';
import type { CallOptions, RpcClient } from '../client.js';
import type { RpcParam, RpcValue } from '../rpc-value.js';
import type { ClientBaseOptions } from '../transport/client-base.js';
import { mkfifo } from '../transport/mkfifo.js';
import { errnoText, remaining, withDeadline } from '../transport/pending-calls.js';
import { replyName } from '../transport/reply-name.js';
import { decodeJsonRpcResponse, DEFAULT_MAX_RESPONSE_BYTES, encodeJsonRpcRequest, MAX_FIFO_REQUEST_BYTES, type JsonRpcResponse } from './codec.js';
import { JsonDocumentFramer } from './document-framer.js';
import { IdSequence, responseResult } from './reply.js';

export interface JsonRpcFifoClientOptions extends ClientBaseOptions {
  /** The server's FIFO (jsonrpcs `fifo_name`). */
  readonly path: string;
  /** The server's `fifo_reply_dir`: jsonrpcs only writes replies into FIFOs there. */
  readonly replyDir: string;
}

/** kamctl makes its reply FIFO writable for all (`chmod a+w`) so a Kamailio running as another user can answer. */
const REPLY_FIFO_MODE = 0o666;
/** jsonrpcs refuses reply paths (dir + name) longer than this. */
const MAX_REPLY_PATH_BYTES = 127;

/**
 * JSON-RPC over the jsonrpcs FIFO, as kamctl does it (PROTOCOLS.md §3.6): a private reply FIFO
 * named in `reply_name`, the request written into the server FIFO in one write, the reply read
 * from ours. Unlike kamctl we open the reply FIFO read-write and non-blocking before sending:
 * Kamailio's non-blocking open for writing then finds a reader at once (it gives up after about
 * 320 ms otherwise), and no open() can hang a thread. Since we hold a writer ourselves, EOF never
 * comes; the reply ends where its braces balance.
 */
export class JsonRpcFifoClient implements RpcClient {
  readonly url: string;
  readonly #options: JsonRpcFifoClientOptions;
  readonly #ids = new IdSequence();
  readonly #inFlight = new Set<() => void>();

  constructor(options: JsonRpcFifoClientOptions) {
    this.url = options.name;
    this.#options = options;
  }

  async call(method: string, params: readonly RpcParam[], options: CallOptions = {}): Promise<RpcValue> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.timeoutMs);
    const what = () => `${this.url} ${method}`;
    const id = this.#ids.next();
    const name = replyName('sipctl_reply');
    const replyPath = path.join(this.#options.replyDir, name);
    if (Buffer.byteLength(replyPath) > MAX_REPLY_PATH_BYTES) throw new AppError('E_USAGE', `The reply FIFO path ${replyPath} is longer than jsonrpcs accepts (${MAX_REPLY_PATH_BYTES} bytes)`);
    const request = Buffer.from(`${encodeJsonRpcRequest({ method, params, replyName: name, id })}\n`, 'utf8');
    if (request.length > MAX_FIFO_REQUEST_BYTES) throw new AppError('E_RPC_PROTOCOL', `${what()}: request of ${request.length} bytes exceeds jsonrpcs' FIFO limit of ${MAX_FIFO_REQUEST_BYTES}`);

    await mkfifo(replyPath, REPLY_FIFO_MODE, remaining(deadline));
    let reader: net.Socket | undefined;
    let abort: (() => void) | undefined;
    try {
      reader = await openReader(replyPath);
      const reading = this.#readReply(reader, what);
      abort = reading.abort;
      const reply = reading.reply;
      // Marks the rejection handled when an earlier step fails and the reply is never awaited.
      reply.catch(() => undefined);
      await withDeadline(writeRequest(this.#options.path, request, deadline, this.url), deadline, what);
      const response = await withDeadline(reply, deadline, what, () => reader?.destroy());
      if (response.id !== id) throw new AppError('E_RPC_PROTOCOL', `${what()}: the reply id ${String(response.id)} is not the request id ${id}`);
      return responseResult(method, response, options.returns ?? 'value');
    } finally {
      if (abort !== undefined) this.#inFlight.delete(abort);
      reader?.destroy();
      await fs.rm(replyPath, { force: true });
    }
  }

  async close(): Promise<void> {
    for (const abort of this.#inFlight) abort();
    this.#inFlight.clear();
  }

  #readReply(reader: net.Socket, what: () => string): { reply: Promise<JsonRpcResponse>; abort: () => void } {
    const limit = this.#options.maxReplyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const framer = new JsonDocumentFramer(limit);
    let abort = (): void => undefined;
    const reply = new Promise<JsonRpcResponse>((resolve, reject) => {
      abort = (): void => {
        reject(new AppError('E_RPC_CONNECT', `${what()}: the client was closed`));
        reader.destroy();
      };
      this.#inFlight.add(abort);
      const done = (): void => {
        this.#inFlight.delete(abort);
      };
      reader.on('data', (chunk: Buffer) => {
        try {
          const [document] = framer.push(chunk);
          if (document === undefined) return;
          done();
          resolve(decodeJsonRpcResponse(document, limit));
        } catch (error) {
          done();
          reject(error instanceof Error ? error : new AppError('E_RPC_PROTOCOL', String(error)));
        }
        reader.destroy();
      });
      reader.on('error', (error) => {
        done();
        reject(new AppError('E_RPC_CONNECT', `${what()}: reading the reply FIFO: ${errnoText(error)}`, { cause: error }));
      });
    });
    return { reply, abort };
  }
}

/** Opens the reply FIFO as a raw fd owned by a net.Socket (a FileHandle would close it a second time). */
async function openReader(fifoPath: string): Promise<net.Socket> {
  const fd = await new Promise<number>((resolve, reject) => {
    fsCallback.open(fifoPath, fsConstants.O_RDWR | fsConstants.O_NONBLOCK, (error, opened) => {
      if (error === null) resolve(opened);
      else reject(new AppError('E_IO', `Cannot open the reply FIFO ${fifoPath}: ${errnoText(error)}`, { cause: error }));
    });
  });
  const isFifo = await new Promise<boolean>((resolve) => {
    fsCallback.fstat(fd, (error, stat) => {
      resolve(error === null && stat.isFIFO());
    });
  });
  if (!isFifo) {
    fsCallback.close(fd, () => undefined);
    throw new AppError('E_IO', `${fifoPath} is not a FIFO`);
  }
  return new net.Socket({ fd, readable: true, writable: false });
}

/**
 * Writes the request into the server FIFO. Non-blocking open: with no reader (no Kamailio, or
 * jsonrpcs without the FIFO transport) it fails at once with ENXIO instead of hanging.
 */
async function writeRequest(fifoPath: string, request: Buffer, deadline: number, url: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(fifoPath, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
  } catch (error) {
    const hint = (error as NodeJS.ErrnoException).code === 'ENXIO' ? ' (nobody reads it: is Kamailio running with jsonrpcs\' FIFO transport?)' : '';
    throw new AppError('E_RPC_CONNECT', `Cannot open ${url}: ${errnoText(error)}${hint}`, { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFIFO()) throw new AppError('E_RPC_CONNECT', `${fifoPath} is not a FIFO`);
    let offset = 0;
    // Bounded by the deadline: a full pipe (EAGAIN) is retried every 10 ms until then.
    while (offset < request.length) {
      try {
        const { bytesWritten } = await handle.write(request, offset, request.length - offset);
        offset += bytesWritten;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || remaining(deadline) === 0) {
          throw new AppError('E_RPC_CONNECT', `Cannot write to ${url}: ${errnoText(error)}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  } finally {
    await handle.close();
  }
}
