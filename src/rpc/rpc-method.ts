/**
 * An RPC method as the server side sees it, independent of BINRPC or JSON-RPC (Kamailio's
 * rpc_t): typed parameters in, plain data out, a fault for errors. Modules export these;
 * the registry looks them up by name.
 */
import type { RpcValue } from './rpc-value.js';

/** A fault the handler raises on purpose; the server sends it as a BINRPC fault or a JSON-RPC error. */
export class RpcFault extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'RpcFault';
    this.code = code;
  }
}

export interface RpcContext {
  readonly method: string;
  readonly params: readonly RpcValue[];
  /** Raises a fault: `throw ctx.fault(400, 'bad parameter')`. */
  fault(code: number, message: string): RpcFault;
}

export type RpcHandler = (ctx: RpcContext) => Promise<RpcValue> | RpcValue;

export interface RpcMethod {
  /** `<module>.<verb>`, as Kamailio names it (ul.dump, core.uptime). */
  readonly name: string;
  /** One line for system.methodHelp. */
  readonly doc: string;
  /**
   * Kamailio's ctl module prints a method that adds several records as several values;
   * `list` marks such methods so every transport returns an array.
   */
  readonly returns?: 'value' | 'list';
  readonly handler: RpcHandler;
}
