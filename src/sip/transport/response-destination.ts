import { classifyHost } from '../uri.js';
import type { DestInfo, Proto, ReceiveInfo } from '../transport-types.js';
import type { Via } from '../via.js';
import { addressFamily, defaultPort } from './listen.js';
import { isReliable } from './transport.js';

/** The protocol a Via transport token names, or null for one we do not serve (SCTP, unknown). */
export function viaProto(via: Via): Proto | null {
  switch (via.transport) {
    case 'UDP':
      return 'udp';
    case 'TCP':
      return 'tcp';
    case 'TLS':
      return 'tls';
    case 'WS':
      return 'ws';
    case 'WSS':
      return 'wss';
    default:
      return null;
  }
}

/**
 * Where the responses of a request received as `info` go (RFC 3261 §18.2.2, RFC 3581 §4),
 * decided when the server transaction is made:
 *
 * - over a stream, back over the same connection while it is open; should it close, to the
 *   source address and the sent-by port (a new connection);
 * - over UDP, to the source address (which is the `received` value whenever one would be
 *   added) and the source port if the client asked for `rport` (or `forceRport`), else the
 *   sent-by port or the protocol's default.
 */
export function responseDestination(via: Via, info: ReceiveInfo, forceRport = false): DestInfo {
  const src = info.src;
  if (isReliable(info.proto)) {
    const sentByPort = via.port ?? defaultPort(info.proto);
    return {
      proto: info.proto,
      to: sentByPort === src.port ? src : { address: src.address, port: sentByPort, family: src.family },
      listenerId: info.listenerId,
      ...(info.connectionId === undefined ? {} : { connectionId: info.connectionId }),
    };
  }
  const port = via.hasRport || forceRport ? src.port : (via.port ?? defaultPort(info.proto));
  return { proto: info.proto, to: port === src.port ? src : { address: src.address, port, family: src.family }, listenerId: info.listenerId };
}

/** A place to send to before name resolution: a protocol, a host (no brackets) and a port. */
export interface HostTarget {
  readonly proto: Proto;
  /** An IP address, or a name still to resolve. */
  readonly host: string;
  readonly port: number;
}

/**
 * Where a response is forwarded statelessly, read from the Via that is on top once ours is
 * removed (RFC 3261 §18.2.2 and RFC 3581 §4): the `received` address, else the sent-by host;
 * the `rport` value, else the sent-by port, else the default. Null when the Via names a
 * protocol we do not serve. `maddr` (multicast) is not supported.
 */
export function viaTarget(via: Via): HostTarget | null {
  const proto = viaProto(via);
  if (proto === null) return null;
  const host = via.received ?? (via.host.charCodeAt(0) === 0x5b ? via.host.slice(1, -1) : via.host);
  const port = via.rport ?? via.port ?? defaultPort(proto);
  return { proto, host, port };
}

/** A HostTarget whose host is an IP address as a DestInfo; null when it needs DNS first. */
export function numericDest(target: HostTarget, listenerId?: string): DestInfo | null {
  const family = addressFamily(target.host);
  if (family === null) return null;
  return { proto: target.proto, to: { address: target.host, port: target.port, family }, ...(listenerId === undefined ? {} : { listenerId }) };
}

/** Whether a host as written (IPv6 in brackets) is an IP address. */
export function isNumericHost(host: string): boolean {
  const t = classifyHost(host);
  return t === 'ipv4' || t === 'ipv6';
}
