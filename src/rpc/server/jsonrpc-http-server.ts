/**
 * JSON-RPC over HTTP POST, what Kamailio serves through xhttp + `jsonrpc_dispatch()` on `/RPC`
 * (PROTOCOLS.md §3.8). Binds 127.0.0.1 unless told otherwise. The reply is `200 OK`, or for a
 * fault the status is the fault code (when it is a valid status above 100, else 500) with the
 * fault message as reason phrase, as xhttp sends it.
 *
 * Where HTTP lets us answer, we answer instead of staying silent as jsonrpcs does: unparsable
 * JSON gets `400` with a `-32700 Parse Error` body, a body over maxRequestBytes `413`, another
 * path `404`, another method `405`. Slow clients: headers must arrive within requestTimeoutMs
 * and the whole request too; idle keep-alive connections close after idleTimeoutMs.
 */
import http from 'node:http';
import { formatJsonRpcResponse } from '../jsonrpc/codec.js';
import type { RpcDispatcher, RpcOrigin } from './dispatcher.js';
import { answerJsonRpc } from './jsonrpc-answer.js';
import { DEFAULT_LIMITS, resolveLimits, type RpcServerLimits } from './limits.js';
import { newListenerStats, type RpcListener, type RpcListenerStats } from './rpc-listener.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';

export interface JsonRpcHttpServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port (see `port` after start). */
  readonly port: number;
  /** URL paths served; default `['/RPC']`. A query string is ignored. */
  readonly paths?: readonly string[];
  readonly dispatcher: RpcDispatcher;
  readonly pretty?: boolean;
  readonly limits?: Partial<RpcServerLimits>;
  readonly logger?: RpcServerLogger;
}

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PATH = '/RPC';
const DEFAULT_HTTP_MAX_REQUEST_BYTES = 1024 * 1024;

export class JsonRpcHttpServer implements RpcListener {
  readonly stats: RpcListenerStats = newListenerStats();
  readonly #options: JsonRpcHttpServerOptions;
  readonly #limits: RpcServerLimits;
  readonly #logger: RpcServerLogger;
  readonly #paths: ReadonlySet<string>;
  #server: http.Server | undefined;
  #port: number | undefined;

  constructor(options: JsonRpcHttpServerOptions) {
    this.#options = options;
    this.#limits = resolveLimits({ ...DEFAULT_LIMITS, maxRequestBytes: DEFAULT_HTTP_MAX_REQUEST_BYTES }, options.limits);
    this.#logger = options.logger ?? silentLogger;
    this.#paths = new Set(options.paths ?? [DEFAULT_HTTP_PATH]);
  }

  get host(): string {
    return this.#options.host ?? DEFAULT_HTTP_HOST;
  }

  get port(): number | undefined {
    return this.#port;
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    const [first = DEFAULT_HTTP_PATH] = this.#paths;
    return `http://${host}:${this.#port ?? this.#options.port}${first}`;
  }

  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    const limits = this.#limits;
    const server = http.createServer({
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.requestTimeoutMs, 60_000),
      keepAliveTimeout: limits.idleTimeoutMs,
      // How often Node checks the two timeouts above (default 30 s, too coarse for slow drip).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.requestTimeoutMs / 2))),
      maxHeaderSize: 16 * 1024,
    });
    server.maxConnections = limits.maxConnections;
    server.on('drop', () => {
      this.stats.refused++;
    });
    server.on('connection', (socket) => {
      socket.setTimeout(limits.idleTimeoutMs, () => {
        this.stats.timeouts++;
        socket.destroy();
      });
    });
    server.on('clientError', (error, socket) => {
      this.stats.protocolErrors++;
      this.#logger.debug({ listener: this.url, err: error.message }, 'HTTP client error');
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    server.on('request', (request, response) => {
      this.#handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.host, port: this.#options.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => {
      this.#logger.error({ listener: this.url, err: error.message }, 'JSON-RPC HTTP listener failed');
    });
    const address = server.address();
    if (address !== null && typeof address !== 'string') this.#port = address.port;
    this.#server = server;
    this.#logger.info({ listener: this.url }, 'JSON-RPC listening');
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });
  }

  #handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.stats.requests++;
    const pathname = (request.url ?? '').split('?', 1)[0] ?? '';
    if (!this.#paths.has(pathname)) {
      this.#plain(response, 404, 'Not Found', 'wrong URL');
      request.resume();
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      this.#plain(response, 405, 'Method Not Allowed', 'use POST');
      request.resume();
      return;
    }
    const declared = Number(request.headers['content-length'] ?? '0');
    const limit = this.#limits.maxRequestBytes;
    if (declared > limit) {
      this.stats.protocolErrors++;
      response.setHeader('Connection', 'close');
      this.#plain(response, 413, 'Payload Too Large', `request body over ${limit} bytes`);
      request.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        this.stats.protocolErrors++;
        response.setHeader('Connection', 'close');
        this.#plain(response, 413, 'Payload Too Large', `request body over ${limit} bytes`);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', () => {
      refused = true;
    });
    request.on('end', () => {
      if (refused) return;
      void this.#answer(Buffer.concat(chunks, size), response);
    });
  }

  async #answer(body: Buffer, response: http.ServerResponse): Promise<void> {
    const origin: RpcOrigin = { protocol: 'jsonrpc', transport: 'http', listener: this.url };
    const pretty = this.#options.pretty ?? true;
    try {
      const answer = await answerJsonRpc(this.#options.dispatcher, body, origin, { pretty, maxRequestBytes: this.#limits.maxRequestBytes });
      if (answer.kind === 'unparsable') {
        this.stats.protocolErrors++;
        this.#json(response, 400, 'Bad Request', formatJsonRpcResponse({ id: undefined, error: { code: -32700, message: 'Parse Error' } }, pretty));
        return;
      }
      this.#json(response, answer.status, answer.reason, answer.text);
    } catch (error) {
      this.#logger.error({ listener: this.url, err: error instanceof Error ? error.message : String(error) }, 'JSON-RPC HTTP request failed');
      if (!response.headersSent) this.#plain(response, 500, 'Internal Server Error', 'internal error');
      else response.destroy();
    }
  }

  #json(response: http.ServerResponse, status: number, reason: string, text: string): void {
    if (response.destroyed || response.headersSent) return;
    const body = Buffer.from(text, 'utf8');
    response.writeHead(status, reason, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    response.end(body);
  }

  #plain(response: http.ServerResponse, status: number, reason: string, text: string): void {
    if (response.destroyed || response.headersSent) return;
    const body = Buffer.from(`${text}\n`, 'utf8');
    response.writeHead(status, reason, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    response.end(body);
  }
}
