/** What every control server offers the server set. */
export interface RpcListener {
  /** The listener in control URL form, usable with createRpcClient (`unix:/path`, `tcp:127.0.0.1:2049`, `fifo:/path`, `http://…/RPC`). */
  readonly url: string;
  readonly stats: RpcListenerStats;
  start(): Promise<void>;
  /** Stops listening, closes connections, removes socket files. Safe to call twice. */
  stop(): Promise<void>;
}

/** Counters per listener: what arrived that was not a normal call. */
export interface RpcListenerStats {
  requests: number;
  /** Malformed, truncated or oversized requests (answered with a fault where possible). */
  protocolErrors: number;
  /** Requests dropped without an answer (no way to reply, over a limit, slow drip, unparsable JSON). */
  dropped: number;
  /** Connections closed for idling or for never completing a request. */
  timeouts: number;
  /** Connections refused at the connection limit. */
  refused: number;
}

export function newListenerStats(): RpcListenerStats {
  return { requests: 0, protocolErrors: 0, dropped: 0, timeouts: 0, refused: 0 };
}
