/**
 * Small validators for reading RPC replies. A reply is `unknown`-like data from a socket: every
 * field is checked before use, and a reply of the wrong shape is E_RPC_PROTOCOL naming the
 * method, never a TypeError.
 *
 * Transport differences are absorbed here: BINRPC sends a NULL string as "<null string>" where
 * JSON-RPC sends null, and Kamailio's arrays reach us either as arrays or, over BINRPC with one
 * entry, as a struct (see asList in src/rpc/rpc-value.ts).
 */
import { AppError } from '../errors.js';
import { asList, isRpcArray, isRpcStruct, type RpcStruct, type RpcValue } from '../rpc/rpc-value.js';

/** Kamailio's text for unset usrloc fields. */
const NOT_SET = '[not set]';
const NULL_STRING = '<null string>';

export function badReply(method: string, why: string): AppError {
  return new AppError('E_RPC_PROTOCOL', `The reply to ${method} has an unexpected shape: ${why}`);
}

export function structOf(method: string, value: RpcValue | undefined, what: string): RpcStruct {
  if (value !== undefined && isRpcStruct(value)) return value;
  throw badReply(method, `${what} is ${describe(value)}, not a struct`);
}

/** A list reply or member: an array, a struct of repeated names (BINRPC), or nothing. */
export function listOf(value: RpcValue | undefined): readonly RpcValue[] {
  if (value === undefined || value === null) return [];
  return asList(value);
}

/** The value of a one-member wrapper such as `{Contact: {...}}`, or the value itself. */
export function unwrap(value: RpcValue, name: string): RpcValue {
  if (isRpcStruct(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === name) return value[name] ?? null;
  }
  return value;
}

export function optString(value: RpcValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === NULL_STRING || value === NOT_SET ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function str(method: string, value: RpcValue | undefined, what: string): string {
  const s = optString(value);
  if (s === null) throw badReply(method, `${what} is ${describe(value)}, not a string`);
  return s;
}

export function optNumber(value: RpcValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

export function num(method: string, value: RpcValue | undefined, what: string): number {
  const n = optNumber(value);
  if (n === null) throw badReply(method, `${what} is ${describe(value)}, not a number`);
  return n;
}

/** A 32-bit unsigned field: BINRPC carries it as a signed INT (4294967295 arrives as -1). */
export function u32(value: RpcValue | undefined): number | null {
  const n = optNumber(value);
  if (n === null) return null;
  return n < 0 && n >= -0x80000000 ? n + 0x100000000 : n;
}

/** A list of strings (system.listMethods, core.modules); non-string members are skipped. */
export function stringList(value: RpcValue): string[] {
  const out: string[] = [];
  for (const item of isRpcArray(value) ? value : listOf(value)) {
    const s = optString(isRpcStruct(item) && Object.keys(item).length === 1 ? (Object.values(item)[0] ?? null) : item);
    if (s !== null) out.push(s);
  }
  return out;
}

function describe(value: RpcValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (isRpcArray(value)) return 'a list';
  if (isRpcStruct(value)) return 'a struct';
  return `${typeof value} ${JSON.stringify(value)}`;
}
