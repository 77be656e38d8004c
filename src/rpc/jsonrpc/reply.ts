import { randomInt } from 'node:crypto';
import { RpcFaultError } from '../rpc-fault.js';
import { isRpcArray, isRpcStruct, type RpcValue } from '../rpc-value.js';
import type { JsonRpcResponse } from './codec.js';

/** The result of a response, or its error as an {@link RpcFaultError}. */
export function responseResult(method: string, response: JsonRpcResponse, shape: 'value' | 'list'): RpcValue {
  if ('error' in response) throw new RpcFaultError(method, response.error.code, response.error.message);
  const result = response.result;
  if (shape === 'value' || isRpcArray(result)) return result;
  // A method that added nothing answers {} ; one value of a non-list method is that value.
  if (isRpcStruct(result) && Object.keys(result).length === 0) return [];
  return [result];
}

/**
 * Request ids: numbers jsonrpcs echoes unchanged (it prints integers in the int range with %d),
 * starting at a random value and counting up.
 */
export class IdSequence {
  #next = randomInt(1, 0x40000000);

  next(): number {
    const id = this.#next;
    this.#next = this.#next >= 0x7ffffffe ? 1 : this.#next + 1;
    return id;
  }
}
