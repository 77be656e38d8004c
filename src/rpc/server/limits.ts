/**
 * Limits every control server enforces. Defaults follow the ctl module where it has one
 * (128 stream connections, 120 s idle, 64 KiB read buffer) and are otherwise chosen to keep a
 * hostile or broken client from holding memory or a connection for long.
 */
export interface RpcServerLimits {
  /** Largest request accepted (BINRPC packet, JSON document, HTTP body). */
  readonly maxRequestBytes: number;
  /** Largest reply sent; a bigger one is replaced by a 500 fault. Datagram replies are capped at one datagram anyway. */
  readonly maxReplyBytes: number;
  /** Open stream/HTTP connections at once; more are refused. */
  readonly maxConnections: number;
  /** A connection with no traffic for this long is closed. */
  readonly idleTimeoutMs: number;
  /** A request whose first byte arrived this long ago but which is still incomplete is dropped (slow drip). */
  readonly requestTimeoutMs: number;
  /** Calls running at once per datagram/FIFO server, and requests queued per stream connection; more are dropped or wait. */
  readonly maxInFlight: number;
}

export const DEFAULT_LIMITS: RpcServerLimits = {
  maxRequestBytes: 65535,
  maxReplyBytes: 256 * 1024 * 1024,
  maxConnections: 128,
  idleTimeoutMs: 120_000,
  requestTimeoutMs: 10_000,
  maxInFlight: 64,
};

/** Largest UDP payload over IPv4; also what we send over unix datagram sockets at most. */
export const MAX_DATAGRAM_REPLY_BYTES = 65507;

export function resolveLimits(base: RpcServerLimits, overrides: Partial<RpcServerLimits> | undefined): RpcServerLimits {
  return { ...base, ...overrides };
}
