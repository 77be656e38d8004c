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

/**
 * One `alias=` name of this server, as Kamailio keeps it (struct host_alias): the host as the
 * script spells it (case kept; compared without case), the protocol and the port it stands for.
 */
export interface HostAlias {
  /** udp, tcp, tls, sctp …; null for any (`alias=host`, `alias=*:host`). */
  readonly proto: string | null;
  /** As declared: a quoted `alias="host:5070"` is all host. IPv6 without brackets. */
  readonly host: string;
  /** null for any port (`alias=host`, `alias=host:*`). */
  readonly port: number | null;
}

/**
 * The alias list as Kamailio's add_alias() builds it from the declarations in script order:
 * each new alias goes to the front (so the last declared is listed first), and one that is
 * already there is dropped — with a port and a protocol, when an alias covers it (same name,
 * same or any port, same or any protocol); otherwise only when one has exactly its name, port
 * and protocol. Names compare without case. sipd's `auto_aliases` adds nothing: Kamailio adds
 * the reverse-DNS names of its listen addresses (`localhost` for 127.0.0.1), sipd resolves no
 * names for this, so only `alias=` lines are listed.
 */
export function hostAliasList(declared: readonly HostAlias[]): HostAlias[] {
  const list: HostAlias[] = [];
  const same = (a: string, b: string) => a.length === b.length && a.toLowerCase() === b.toLowerCase();
  for (const d of declared) {
    const a: HostAlias = { proto: d.proto === null || d.proto === '*' ? null : d.proto.toLowerCase(), host: d.host, port: d.port === 0 ? null : d.port };
    const covered =
      a.port !== null && a.proto !== null
        ? list.some((x) => same(x.host, a.host) && (x.port === null || x.port === a.port) && (x.proto === null || x.proto === a.proto))
        : list.some((x) => same(x.host, a.host) && x.port === a.port && x.proto === a.proto);
    if (!covered) list.unshift(a);
  }
  return list;
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
  /** The `alias=` names, in Kamailio's order (see hostAliasList): corex.list_aliases, core.aliases_list. */
  aliases(): readonly HostAlias[];
  /** Whether the IP address is one of this server's socket addresses (any port). */
  isLocalAddress(ip: string): boolean;
  /** Sends a locally generated reply (stateless). */
  sendReply(reply: SipResponse, to: DestInfo): void;
  /** Sends a request statelessly (forward()). */
  forwardRequest(request: SipRequest, to: DestInfo): void;
}
