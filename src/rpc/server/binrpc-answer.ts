/**
 * One BINRPC request packet in, one reply or fault packet out — the part the stream and
 * datagram servers share. Reply records are laid out as the ctl module lays out what a Kamailio
 * handler adds (PROTOCOLS.md §2.5, §5):
 *
 * - a `list` method's values are top-level records, one each; a `value` method's value is one
 *   record, and `{}` (a handler that added nothing) is an empty body;
 * - objects are structs of named members;
 * - arrays are structs (never type 4, which kamcmd refuses); an array element that is an object
 *   with exactly one member becomes that named member, as Kamailio's `struct_add` into an array
 *   gives it (`AoRs: [{AoR: "bob"}, {AoR: "alice"}]` ⇒ `AoRs: { AoR: bob  AoR: alice }`), other
 *   elements stay unnamed values.
 */
import { BinrpcError } from '../binrpc/binrpc-error.js';
import { encodeFault, encodeReply, parseRequest } from '../binrpc/codec.js';
import type { BinrpcPacket, BinrpcRecord } from '../binrpc/record.js';
import { recordToValue, valueToRecord } from '../binrpc/values.js';
import { isRpcArray, isRpcStruct, type RpcValue } from '../rpc-value.js';
import { INTERNAL_ERROR_TEXT, type RpcDispatcher, type RpcOrigin, type RpcOutcome } from './dispatcher.js';

/** Fault code of every protocol error, as the ctl module sends it. */
export const BAD_REQUEST = 400;

/**
 * The fault for a packet that cannot be served. Errors in the packet itself read
 * `bad request: <reason>`, errors in the method name `bad request method: <reason>`.
 */
export function protocolFault(error: BinrpcError, cookie: number, part: 'packet' | 'method' = 'packet'): Buffer {
  return encodeFault(cookie, BAD_REQUEST, `bad request${part === 'method' ? ' method' : ''}: ${error.reason}`);
}

/** A request packet's method and parameters, ready to run. */
export interface BinrpcCall {
  readonly cookie: number;
  readonly method: string;
  readonly params: readonly RpcValue[];
}

/**
 * The call a packet carries, or the 400 fault for a packet that is not a request or whose method
 * name or parameters cannot be read. The ctl module closes a stream connection after that fault.
 */
export function callOf(packet: BinrpcPacket): BinrpcCall | { readonly fault: Buffer } {
  const cookie = packet.header.cookie;
  if (packet.header.type !== 'request') return { fault: protocolFault(new BinrpcError('corrupted packet', `a ${packet.header.type} is not a request`), cookie) };
  try {
    const request = parseRequest(packet);
    return { cookie, method: request.method, params: request.params.map(recordToValue) };
  } catch (error) {
    if (error instanceof BinrpcError) return { fault: protocolFault(error, cookie, 'method') };
    throw error;
  }
}

/** The reply or fault for one decoded packet. Never rejects. */
export async function answerPacket(dispatcher: RpcDispatcher, packet: BinrpcPacket, origin: RpcOrigin, maxReplyBytes: number): Promise<Buffer> {
  const call = callOf(packet);
  return 'fault' in call ? call.fault : answerCall(dispatcher, call, origin, maxReplyBytes);
}

/** The reply or fault for one call. Never rejects. */
export async function answerCall(dispatcher: RpcDispatcher, call: BinrpcCall, origin: RpcOrigin, maxReplyBytes: number): Promise<Buffer> {
  const outcome = await dispatcher.dispatch(call.method, [...call.params], origin);
  return encodeOutcome(call.cookie, outcome, maxReplyBytes);
}

export function encodeOutcome(cookie: number, outcome: RpcOutcome, maxReplyBytes: number): Buffer {
  if (outcome.kind === 'fault') return encodeFault(cookie, outcome.code, outcome.message);
  let reply: Buffer;
  try {
    reply = encodeReply(cookie, resultRecords(outcome.value, outcome.returns));
  } catch (error) {
    if (!(error instanceof BinrpcError)) throw error;
    return encodeFault(cookie, 500, `${INTERNAL_ERROR_TEXT} processing the reply: ${error.reason}`);
  }
  if (reply.length > maxReplyBytes) return encodeFault(cookie, 500, `${INTERNAL_ERROR_TEXT}: reply of ${reply.length} bytes exceeds ${maxReplyBytes}`);
  return reply;
}

/** The top-level records of a result. */
export function resultRecords(value: RpcValue, returns: 'value' | 'list'): BinrpcRecord[] {
  if (returns === 'list' && isRpcArray(value)) return value.map((item) => replyRecord(item));
  if (isRpcStruct(value) && Object.keys(value).length === 0) return [];
  return [replyRecord(value)];
}

function replyRecord(value: RpcValue, name?: string): BinrpcRecord {
  let record: BinrpcRecord;
  if (isRpcArray(value)) {
    record = { type: 'struct', items: value.map(arrayMember) };
  } else if (isRpcStruct(value)) {
    record = { type: 'struct', items: Object.entries(value).map(([key, member]) => replyRecord(member, key)) };
  } else {
    return valueToRecord(value, name);
  }
  return name === undefined ? record : { ...record, name };
}

function arrayMember(item: RpcValue): BinrpcRecord {
  if (isRpcStruct(item)) {
    const keys = Object.keys(item);
    const [only] = keys;
    if (keys.length === 1 && only !== undefined) return replyRecord(item[only] ?? null, only);
  }
  return replyRecord(item);
}
