/**
 * Replies recorded from a real Kamailio 5.6 (reference/control), as the clients hand them to the
 * runtime commands: the JSON-RPC `result`, and the BINRPC reply decoded by our codec.
 */
import fs from 'node:fs';
import { decodePacket } from '../../../src/rpc/binrpc/codec.js';
import { recordsToResult } from '../../../src/rpc/binrpc/values.js';
import type { RpcValue } from '../../../src/rpc/rpc-value.js';
import type { RpcCaller } from '../../../src/ctl/rpc-caller.js';
import type { RpcParam } from '../../../src/rpc/rpc-value.js';
import { controlPath, readHex } from '../rpc/reference.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonResult(label: string): RpcValue {
  const doc: unknown = JSON.parse(fs.readFileSync(controlPath('jsonrpc', `${label}.rep.json`), 'utf8'));
  if (!isRecord(doc) || !('result' in doc)) throw new Error(`${label}: no result in the capture`);
  return doc['result'] as RpcValue;
}

export function binrpcResult(label: string, shape: 'value' | 'list' = 'value'): RpcValue {
  return recordsToResult(decodePacket(readHex(controlPath('binrpc', `${label}.rep.hex`))).records, shape);
}

/** What kamcmd printed for the capture, without the trailing `exit=N` line. */
export function kamcmdOutput(label: string): string {
  return fs.readFileSync(controlPath('binrpc', `${label}.kamcmd.txt`), 'utf8').replace(/\n?exit=\d+\n?$/, '');
}

export interface RecordedCall {
  readonly method: string;
  readonly params: readonly RpcParam[];
}

/** A caller that answers from a table of method → reply (or a function of the params). */
export function fakeCaller(replies: Readonly<Record<string, RpcValue | Error | ((params: readonly RpcParam[]) => RpcValue)>>): RpcCaller & { readonly calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    url: 'unix:/fake',
    calls,
    call(method: string, params: readonly RpcParam[]): Promise<RpcValue> {
      calls.push({ method, params });
      const reply = replies[method];
      if (reply === undefined) return Promise.reject(new Error(`unexpected call ${method}`));
      if (reply instanceof Error) return Promise.reject(reply);
      return Promise.resolve(typeof reply === 'function' ? reply(params) : reply);
    },
  };
}
