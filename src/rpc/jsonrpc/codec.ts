/**
 * JSON-RPC 2.0 as Kamailio's jsonrpcs module speaks it (PROTOCOLS.md §3): requests in kamctl's
 * layout (with `reply_name` for the FIFO), replies with `result` or `error: {code, message}`,
 * and the exact text jsonrpcs prints (tab-indented "pretty" or compact), for a server that
 * kamctl's awk filter must be able to read.
 */
import { AppError } from '../../errors.js';
import { isRpcArray, isRpcStruct, RpcDouble, type RpcParam, type RpcValue } from '../rpc-value.js';

export type JsonRpcId = number | string;

export interface JsonRpcRequest {
  readonly method: string;
  /** Omitted from the text when empty, as kamctl does. */
  readonly params?: readonly RpcParam[];
  readonly id?: JsonRpcId;
  /** FIFO only: the bare file name of the reply FIFO inside the server's `fifo_reply_dir`. */
  readonly replyName?: string;
}

export interface JsonRpcFault {
  readonly code: number;
  readonly message: string;
}

export type JsonRpcResponse =
  | { readonly id: JsonRpcId | undefined; readonly result: RpcValue }
  | { readonly id: JsonRpcId | undefined; readonly error: JsonRpcFault };

/** jsonrpcs drops FIFO requests of 8191 bytes or more. */
export const MAX_FIFO_REQUEST_BYTES = 8190;
/** jsonrpcs reads at most 65456 bytes from one datagram. */
export const MAX_DATAGRAM_REQUEST_BYTES = 65456;
// Large enough for ul.dump of a few hundred thousand contacts (about 1 KiB of JSON each).
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
const MAX_NESTING = 64;

/**
 * The request text, member order and spacing as kamctl writes it:
 * `{"jsonrpc": "2.0", "method": "m", "params": ["a", 1], "reply_name": "r", "id": 7}`.
 * Unlike kamctl, strings are escaped properly.
 */
export function encodeJsonRpcRequest(request: JsonRpcRequest): string {
  const parts = [`"jsonrpc": "2.0"`, `"method": ${JSON.stringify(request.method)}`];
  if (request.params !== undefined && request.params.length > 0) {
    parts.push(`"params": [${request.params.map((param) => paramText(param)).join(', ')}]`);
  }
  if (request.replyName !== undefined) parts.push(`"reply_name": ${JSON.stringify(request.replyName)}`);
  if (request.id !== undefined) parts.push(`"id": ${JSON.stringify(request.id)}`);
  return `{${parts.join(', ')}}`;
}

function paramText(param: RpcParam): string {
  const value = param instanceof RpcDouble ? param.value : param;
  assertJsonable(value, 0);
  return JSON.stringify(value);
}

function assertJsonable(value: RpcValue, depth: number): void {
  if (depth > MAX_NESTING) throw new AppError('E_USAGE', `RPC parameter nested deeper than ${MAX_NESTING} levels`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new AppError('E_USAGE', `RPC parameter ${value} cannot be sent as JSON`);
  if (isRpcArray(value)) for (const item of value) assertJsonable(item, depth + 1);
  else if (isRpcStruct(value)) for (const item of Object.values(value)) assertJsonable(item, depth + 1);
}

function protocolError(detail: string): AppError {
  return new AppError('E_RPC_PROTOCOL', `JSON-RPC: ${detail}`);
}

/** Parses and checks a reply. Throws E_RPC_PROTOCOL for anything that is not a JSON-RPC 2.0 response. */
export function decodeJsonRpcResponse(text: string | Uint8Array, maxBytes = DEFAULT_MAX_RESPONSE_BYTES): JsonRpcResponse {
  const doc = parseJson(text, maxBytes);
  if (!isObject(doc)) throw protocolError('the reply is not a JSON object');
  if (doc.jsonrpc !== '2.0') throw protocolError('the reply has no "jsonrpc": "2.0" member');
  const id = doc.id;
  if (id !== undefined && typeof id !== 'number' && typeof id !== 'string') throw protocolError('the reply id is neither a number nor a string');
  if (doc.error !== undefined) {
    const error = doc.error;
    if (!isObject(error) || typeof error.code !== 'number' || typeof error.message !== 'string') {
      throw protocolError('the reply error is not {code: number, message: string}');
    }
    return { id, error: { code: error.code, message: error.message } };
  }
  if (!('result' in doc)) throw protocolError('the reply has neither result nor error');
  return { id, result: toRpcValue(doc.result, 0) };
}

export interface DecodedJsonRpcRequest {
  /** The request is not JSON-RPC 2.0 (no or wrong "jsonrpc", params neither array nor object): jsonrpcs answers `result: {}` without running it. */
  readonly valid: boolean;
  readonly method: string;
  /** Positional parameters; object params give their member values in document order. */
  readonly params: readonly RpcValue[];
  readonly id: RpcValue | undefined;
  readonly replyName: string | undefined;
}

/** Server side: reads a request document. Throws E_RPC_PROTOCOL for unparsable JSON (jsonrpcs then stays silent). */
export function decodeJsonRpcRequest(text: string | Uint8Array, maxBytes = MAX_DATAGRAM_REQUEST_BYTES): DecodedJsonRpcRequest {
  const doc = parseJson(text, maxBytes);
  if (!isObject(doc)) return { valid: false, method: '', params: [], id: undefined, replyName: undefined };
  const id = doc.id === undefined ? undefined : toRpcValue(doc.id, 0);
  const replyName = typeof doc.reply_name === 'string' ? doc.reply_name : undefined;
  const method = typeof doc.method === 'string' ? doc.method : '';
  const rawParams = doc.params;
  let params: RpcValue[] = [];
  let paramsValid = true;
  if (Array.isArray(rawParams)) params = rawParams.map((param: unknown) => toRpcValue(param, 1));
  else if (isObject(rawParams)) params = Object.values(rawParams).map((param) => toRpcValue(param, 1));
  else if (rawParams !== undefined) paramsValid = false;
  const valid = doc.jsonrpc === '2.0' && typeof doc.method === 'string' && paramsValid;
  return { valid, method, params, id, replyName };
}

function parseJson(text: string | Uint8Array, maxBytes: number): unknown {
  const length = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  if (length > maxBytes) throw protocolError(`document of ${length} bytes exceeds the limit of ${maxBytes}`);
  const source = typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8');
  try {
    const doc: unknown = JSON.parse(source);
    return doc;
  } catch (error) {
    throw new AppError('E_RPC_PROTOCOL', `JSON-RPC: the document is not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toRpcValue(value: unknown, depth: number): RpcValue {
  if (depth > MAX_NESTING) throw protocolError(`values nested deeper than ${MAX_NESTING} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => toRpcValue(item, depth + 1));
  if (isObject(value)) {
    const out: Record<string, RpcValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toRpcValue(item, depth + 1);
    return out;
  }
  throw protocolError(`unexpected ${typeof value} value`);
}

/** jsonrpcs replaces the text of these codes with fixed messages; code 0 becomes -32000. */
const FIXED_FAULT_TEXT: ReadonlyMap<number, string> = new Map([
  [-32700, 'Parse Error'],
  [-32600, 'Invalid Request'],
  [-32601, 'Method Not Found'],
  [-32602, 'Invalid Parameters'],
  [-32603, 'Internal Error'],
  [-32000, 'Execution Error'],
]);

export function kamailioFault(code: number, message: string): JsonRpcFault {
  const finalCode = code === 0 ? -32000 : code;
  return { code: finalCode, message: FIXED_FAULT_TEXT.get(finalCode) ?? message };
}

/**
 * The reply text exactly as jsonrpcs prints it: members `jsonrpc`, `result` or `error`, then
 * `id` when the request had one; no trailing newline. `pretty` is the module's default
 * `pretty_format=1` (TAB indentation, cJSON number formatting).
 */
export function formatJsonRpcResponse(response: JsonRpcResponse, pretty = true): string {
  const members: [string, RpcValue][] = [['jsonrpc', '2.0']];
  if ('error' in response) members.push(['error', { code: response.error.code, message: response.error.message }]);
  else members.push(['result', response.result]);
  if (response.id !== undefined) members.push(['id', response.id]);
  return pretty ? prettyObject(members, 0) : compactObject(members);
}

/** One value in jsonrpcs' pretty layout at nesting depth `depth`. */
export function formatKamailioJson(value: RpcValue, pretty = true, depth = 0): string {
  if (isRpcArray(value)) {
    return pretty ? `[${value.map((item) => formatKamailioJson(item, true, depth + 1)).join(', ')}]` : `[${value.map((item) => formatKamailioJson(item, false)).join(',')}]`;
  }
  if (isRpcStruct(value)) {
    const members = Object.entries(value);
    return pretty ? prettyObject(members, depth) : compactObject(members);
  }
  return scalarText(value);
}

function prettyObject(members: readonly (readonly [string, RpcValue])[], depth: number): string {
  const indent = '\t'.repeat(depth);
  if (members.length === 0) return `{\n${indent}}`;
  const lines = members.map(([name, value]) => `${indent}\t${kamailioString(name)}:\t${formatKamailioJson(value, true, depth + 1)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

function compactObject(members: readonly (readonly [string, RpcValue])[]): string {
  return `{${members.map(([name, value]) => `${kamailioString(name)}:${formatKamailioJson(value, false)}`).join(',')}}`;
}

function scalarText(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return kamailioString(value);
  return kamailioNumber(value);
}

/** cJSON's number printing, as jsonrpcs uses it (PROTOCOLS.md §3.3). */
export function kamailioNumber(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (Number.isInteger(value)) {
    if (value <= 2147483647 && value >= -2147483648) return String(value);
    if (Math.abs(value) < 1e60) return BigInt(value).toString();
  }
  if (Math.abs(value) < 1e-6 || Math.abs(value) > 1e9) {
    const [mantissa, exponent = '0'] = value.toExponential(6).split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa ?? ''}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return value.toFixed(6);
}

/** Escapes `"` `\` `\b \f \n \r \t`, other control bytes as \u00XX; everything else raw. */
export function kamailioString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    switch (char) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : char;
    }
  }
  return `${out}"`;
}
