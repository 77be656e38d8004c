/**
 * One JSON-RPC request document in, the reply text out, as jsonrpcs answers (PROTOCOLS.md §3):
 *
 * - unparsable JSON: no reply at all (the caller decides what its transport does about it);
 * - not JSON-RPC 2.0 (no or wrong "jsonrpc", params neither array nor object, a batch): a
 *   successful `result: {}` without running anything;
 * - otherwise the method runs; a `list` method's result is always an array, a fault becomes
 *   `error: {code, message}` with jsonrpcs' fixed texts for the -32xxx codes;
 * - the id is echoed: numbers and strings as they are, null as 0, booleans as 1/0; no id, no
 *   "id" member (the reply is still sent).
 */
import { AppError } from '../../errors.js';
import { decodeJsonRpcRequest, formatJsonRpcResponse, kamailioFault, type JsonRpcId, type JsonRpcResponse } from '../jsonrpc/codec.js';
import { isRpcArray, type RpcValue } from '../rpc-value.js';
import type { RpcDispatcher, RpcOrigin } from './dispatcher.js';

export type JsonRpcAnswer =
  | {
      readonly kind: 'reply';
      readonly text: string;
      /** HTTP status: 200, or the fault code when it is a valid status above 100, else 500. */
      readonly status: number;
      /** HTTP reason phrase: "OK" or the fault message. */
      readonly reason: string;
      readonly replyName: string | undefined;
      readonly id: JsonRpcId | undefined;
    }
  | { readonly kind: 'unparsable'; readonly why: string };

export interface JsonRpcAnswerOptions {
  readonly pretty: boolean;
  readonly maxRequestBytes: number;
}

export async function answerJsonRpc(dispatcher: RpcDispatcher, document: string | Uint8Array, origin: RpcOrigin, options: JsonRpcAnswerOptions): Promise<JsonRpcAnswer> {
  let request;
  try {
    request = decodeJsonRpcRequest(document, options.maxRequestBytes);
  } catch (error) {
    if (error instanceof AppError) return { kind: 'unparsable', why: error.message };
    throw error;
  }
  const id = echoedId(request.id);
  const reply = (response: JsonRpcResponse, status: number, reason: string): JsonRpcAnswer => ({
    kind: 'reply',
    text: formatJsonRpcResponse(response, options.pretty),
    status,
    reason,
    replyName: request.replyName,
    id,
  });
  if (!request.valid) return reply({ id, result: {} }, 200, 'OK');
  const outcome = await dispatcher.dispatch(request.method, request.params, origin);
  if (outcome.kind === 'fault') {
    const error = kamailioFault(outcome.code, outcome.message);
    return reply({ id, error }, httpStatus(error.code), reasonPhrase(error.message));
  }
  const result: RpcValue = outcome.returns === 'list' && !isRpcArray(outcome.value) ? [outcome.value] : outcome.value;
  return reply({ id, result }, 200, 'OK');
}

function echoedId(id: RpcValue | undefined): JsonRpcId | undefined {
  if (id === undefined) return undefined;
  if (typeof id === 'number' || typeof id === 'string') return id;
  if (id === null) return 0;
  if (typeof id === 'boolean') return id ? 1 : 0;
  return undefined;
}

function httpStatus(code: number): number {
  return Number.isInteger(code) && code > 100 && code <= 599 ? code : 500;
}

/** A reason phrase Node accepts: printable Latin-1 without CR/LF, at most 255 bytes. */
function reasonPhrase(message: string): string {
  const clean = message.replace(/[^\t\x20-\x7e\xa0-\xff]/g, ' ').slice(0, 255).trim();
  return clean === '' ? 'Internal Server Error' : clean;
}
