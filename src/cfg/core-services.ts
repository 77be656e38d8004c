/**
 * What the daemon provides to the routing engine and its modules: a clock, a logger, the
 * local addresses (`myself`), and the two stateless ways out (send a reply, forward a
 * request). The daemon implements this over its transports; tests use MemoryCoreServices.
 */
import type { SipRequest, SipResponse } from '../sip/index.js';
import type { DestInfo, Proto, ReceiveInfo } from '../sip/transport-types.js';

/** A cancellable timer started through a Clock. */
export interface TimerHandle {
  cancel(): void;
}

/** Time as the engine sees it; injected so expiry logic is testable without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` every `ms` milliseconds until cancelled. */
  every(ms: number, fn: () => void): TimerHandle;
}

/** Kamailio's log levels: -5 ALERT, -4 BUG, -3 CRIT, -2 CRIT (no prefix), -1 ERR, 0 WARN, 1 NOTICE, 2 INFO, 3 DBG. */
export const LOG_LEVELS = {
  ALERT: -5,
  BUG: -4,
  CRIT: -3,
  ERR: -1,
  WARN: 0,
  NOTICE: 1,
  INFO: 2,
  DBG: 3,
} as const;

export type LogLevelName = keyof typeof LOG_LEVELS;

export interface ScriptLogger {
  /** True when a line at `level` would be written (level <= debug). */
  enabled(level: number): boolean;
  /** Writes one line; `source` is the module name or `<script>`. */
  log(level: number, source: string, text: string): void;
}

/** One listening socket, as `listen=` declared it. */
export interface ListenSocket {
  readonly id: string;
  readonly proto: Proto;
  readonly address: string;
  readonly port: number;
  /** `advertise` address and port, used in Via and Record-Route instead of the socket's. */
  readonly advertise?: { readonly host: string; readonly port: number };
}

export interface CoreServices {
  readonly clock: Clock;
  readonly logger: ScriptLogger;
  /** The Server header of local replies (`sipd (0.1.0)`); null for none. */
  readonly serverHeader: string | null;
  /** The listening sockets; the first is the primary one. */
  listeners(): readonly ListenSocket[];
  /** The socket a message arrived on (by `rcv.listenerId`). */
  listener(rcv: ReceiveInfo): ListenSocket | undefined;
  /**
   * Whether host[:port] is this server: a listen address (port defaults to 5060, 5061 for
   * sips/tls) or an alias. Host comparison ignores case; IPv6 may carry brackets.
   */
  isMyself(host: string, port: number | null, secure?: boolean): boolean;
  /** Whether the IP address is one of this server's socket addresses (any port). */
  isLocalAddress(ip: string): boolean;
  /** Sends a locally generated reply (stateless). */
  sendReply(reply: SipResponse, to: DestInfo): void;
  /** Sends a request statelessly (forward()). */
  forwardRequest(request: SipRequest, to: DestInfo): void;
}
