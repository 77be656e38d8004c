import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../errors.js';
import type { CallOptions, RpcClient } from '../client.js';
import type { RpcParam, RpcValue } from '../rpc-value.js';
import type { ClientBaseOptions } from '../transport/client-base.js';
import { errnoText } from '../transport/pending-calls.js';
import { decodeJsonRpcResponse, DEFAULT_MAX_RESPONSE_BYTES, encodeJsonRpcRequest, type JsonRpcResponse } from './codec.js';
import { IdSequence, responseResult } from './reply.js';

export interface JsonRpcHttpClientOptions extends ClientBaseOptions {
  readonly url: string;
}

/**
 * JSON-RPC over HTTP POST, as served by jsonrpcs through xhttp (`jsonrpc_dispatch()` in
 * `event_route[xhttp:request]`). A fault comes back as HTTP status = fault code with the same
 * JSON body, so the body is read whatever the status. One request per connection: Kamailio's
 * stock script closes it after the reply anyway.
 */
export class JsonRpcHttpClient implements RpcClient {
  readonly url: string;
  readonly #options: JsonRpcHttpClientOptions;
  readonly #ids = new IdSequence();
  readonly #inFlight = new Set<http.ClientRequest>();

  constructor(options: JsonRpcHttpClientOptions) {
    this.url = options.name;
    this.#options = options;
  }

  async call(method: string, params: readonly RpcParam[], options: CallOptions = {}): Promise<RpcValue> {
    const id = this.#ids.next();
    const body = Buffer.from(encodeJsonRpcRequest({ method, params, id }), 'utf8');
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const response = await this.#post(method, body, timeoutMs);
    if (response.id !== id) throw new AppError('E_RPC_PROTOCOL', `${this.url} ${method}: the reply id ${String(response.id)} is not the request id ${id}`);
    return responseResult(method, response, options.returns ?? 'value');
  }

  async close(): Promise<void> {
    for (const request of this.#inFlight) request.destroy(new AppError('E_RPC_CONNECT', `${this.url}: the client was closed`));
    this.#inFlight.clear();
  }

  #post(method: string, body: Buffer, timeoutMs: number): Promise<JsonRpcResponse> {
    const limit = this.#options.maxReplyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const what = `${this.url} ${method}`;
    return new Promise<JsonRpcResponse>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, value?: JsonRpcResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#inFlight.delete(request);
        if (error !== undefined) reject(error);
        else if (value !== undefined) resolve(value);
      };
      const transport = this.#options.url.startsWith('https:') ? https : http;
      const request = transport.request(
        this.#options.url,
        {
          method: 'POST',
          agent: false,
          headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Connection: 'close' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
              request.destroy();
              finish(new AppError('E_RPC_PROTOCOL', `${what}: the reply exceeds ${limit} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => {
            const status = `HTTP ${response.statusCode ?? 0} ${response.statusMessage ?? ''}`.trim();
            const text = Buffer.concat(chunks, size);
            if (text.length === 0) {
              finish(new AppError('E_RPC_PROTOCOL', `${what}: ${status} with an empty body (is jsonrpc_dispatch() called for this URL?)`));
              return;
            }
            try {
              finish(undefined, decodeJsonRpcResponse(text, limit));
            } catch (error) {
              const detail = error instanceof Error ? error.message : String(error);
              finish(new AppError('E_RPC_PROTOCOL', `${what}: ${status}: ${detail}`, { cause: error }));
            }
          });
          response.on('error', (error) => {
            finish(new AppError('E_RPC_CONNECT', `${what}: ${errnoText(error)}`, { cause: error }));
          });
        },
      );
      const timer = setTimeout(() => {
        finish(new AppError('E_RPC_TIMEOUT', `${what}: no reply within ${timeoutMs} ms`));
        request.destroy();
      }, timeoutMs);
      this.#inFlight.add(request);
      request.on('error', (error) => {
        finish(error instanceof AppError ? error : new AppError('E_RPC_CONNECT', `Cannot reach ${this.url}: ${errnoText(error)}`, { cause: error }));
      });
      request.end(body);
    });
  }
}
