/**
 * Runs one call against the registry. A handler's RpcFault becomes a fault; any other exception
 * (or a handler that never answers) becomes a logged, counted 500 fault — a handler can never
 * take the process down. Unknown methods get the fault text of the protocol they came over:
 * the ctl module says `500 "command <name> not found"`, jsonrpcs `500 "Method Not Found"`.
 */
import { RpcFault, type RpcContext } from '../rpc-method.js';
import type { RpcValue } from '../rpc-value.js';
import type { RpcRegistry } from './registry.js';
import { silentLogger, type RpcServerLogger } from './server-logger.js';

export type RpcProtocol = 'binrpc' | 'jsonrpc';

/** Where a call came from. Handlers that only make sense on one transport can look at it. */
export interface RpcOrigin {
  readonly protocol: RpcProtocol;
  /** `unix-stream`, `unix-dgram`, `tcp`, `udp`, `fifo`, `http`. */
  readonly transport: string;
  /** The listener, in control URL form (`unix:/run/sipd/sipd_ctl`, `tcp:127.0.0.1:2049` …). */
  readonly listener: string;
}

/** The context a handler receives: Kamailio's rpc_t reduced to typed params and a fault factory. */
export interface ServerRpcContext extends RpcContext {
  readonly origin: RpcOrigin;
}

export type RpcOutcome =
  | { readonly kind: 'result'; readonly value: RpcValue; readonly returns: 'value' | 'list' }
  | { readonly kind: 'fault'; readonly code: number; readonly message: string };

/** Counters of what the dispatcher saw, for stats and tests. */
export interface RpcDispatchStats {
  calls: number;
  faults: number;
  unknownMethods: number;
  internalErrors: number;
  timeouts: number;
}

export interface RpcDispatcherOptions {
  readonly logger?: RpcServerLogger;
  /** A handler still busy after this long is answered with a 500 fault. Default 60 s. */
  readonly handlerTimeoutMs?: number;
}

export const DEFAULT_HANDLER_TIMEOUT_MS = 60_000;
export const INTERNAL_ERROR_TEXT = 'Internal server error';

class CallContext implements ServerRpcContext {
  readonly method: string;
  readonly params: readonly RpcValue[];
  readonly origin: RpcOrigin;

  constructor(method: string, params: readonly RpcValue[], origin: RpcOrigin) {
    this.method = method;
    this.params = params;
    this.origin = origin;
  }

  fault(code: number, message: string): RpcFault {
    return new RpcFault(code, message);
  }
}

export class RpcDispatcher {
  readonly registry: RpcRegistry;
  readonly stats: RpcDispatchStats = { calls: 0, faults: 0, unknownMethods: 0, internalErrors: 0, timeouts: 0 };
  readonly #logger: RpcServerLogger;
  readonly #timeoutMs: number;

  constructor(registry: RpcRegistry, options: RpcDispatcherOptions = {}) {
    this.registry = registry;
    this.#logger = options.logger ?? silentLogger;
    this.#timeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  }

  /** Never rejects. */
  async dispatch(methodName: string, params: readonly RpcValue[], origin: RpcOrigin): Promise<RpcOutcome> {
    this.stats.calls++;
    const method = this.registry.get(methodName);
    if (method === undefined) {
      this.stats.unknownMethods++;
      this.stats.faults++;
      return { kind: 'fault', code: 500, message: origin.protocol === 'binrpc' ? `command ${methodName} not found` : 'Method Not Found' };
    }
    const ctx = new CallContext(methodName, params, origin);
    let timer: NodeJS.Timeout | undefined;
    try {
      const running = Promise.resolve().then(() => method.handler(ctx));
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new HandlerTimeout());
        }, this.#timeoutMs);
      });
      // A late rejection of the handler after the timeout is already answered must not go unhandled.
      running.catch(() => undefined);
      const value = await Promise.race([running, timeout]);
      return { kind: 'result', value, returns: method.returns ?? 'value' };
    } catch (error) {
      this.stats.faults++;
      if (error instanceof RpcFault) return { kind: 'fault', code: error.code, message: error.message };
      if (error instanceof HandlerTimeout) {
        this.stats.timeouts++;
        this.#logger.warn({ method: methodName, transport: origin.transport, timeoutMs: this.#timeoutMs }, 'RPC handler did not answer in time');
        return { kind: 'fault', code: 500, message: `${INTERNAL_ERROR_TEXT}: ${methodName} timed out` };
      }
      this.stats.internalErrors++;
      // Parameters are not logged: they may carry passwords (subscriber provisioning).
      this.#logger.error(
        { method: methodName, transport: origin.transport, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) },
        'RPC handler failed',
      );
      return { kind: 'fault', code: 500, message: INTERNAL_ERROR_TEXT };
    } finally {
      clearTimeout(timer);
    }
  }
}

class HandlerTimeout extends Error {}
