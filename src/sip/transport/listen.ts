import { isIPv4, isIPv6 } from 'node:net';
import os from 'node:os';
import type { Proto } from '../transport-types.js';

/**
 * One `listen` line (Kamailio `listen=proto:address:port advertise host:port`): where to bind
 * and, with `advertise`, the address and port to put in Via and Record-Route instead (a
 * server behind NAT or a load balancer).
 */
export interface ListenSpec {
  readonly proto: Proto;
  /** An IPv4 or IPv6 address (no brackets); `0.0.0.0` or `::` binds every interface. */
  readonly address: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly advertise?: { readonly address: string; readonly port?: number };
}

/** A listening socket as bound: what upper layers need to name it and to point back at it. */
export interface Listener {
  /** `udp:127.0.0.1:5060`, `tcp:[::1]:5060` (Kamailio's socket string). */
  readonly id: string;
  readonly proto: Proto;
  /** The bound address, without brackets. */
  readonly address: string;
  /** The bound port (never 0 once the transport has started). */
  readonly port: number;
  readonly family: 'IPv4' | 'IPv6';
  /** The host of Via sent-by and Record-Route: the advertised address or the socket's (IPv6 in brackets). */
  readonly host: string;
  /** The port of Via sent-by and Record-Route. */
  readonly advertisedPort: number;
  /** `host:port` for the Via sent-by. */
  readonly sentBy: string;
}

/** The default port of a protocol (RFC 3261 §19.1.2; RFC 7118 for WebSocket). */
export function defaultPort(proto: Proto): number {
  switch (proto) {
    case 'tls':
      return 5061;
    case 'ws':
      return 80;
    case 'wss':
      return 443;
    case 'udp':
    case 'tcp':
      return 5060;
  }
}

/** An address as a URI or Via host: IPv6 in brackets, anything else unchanged. */
export function uriHost(address: string): string {
  return isIPv6(address) ? `[${address}]` : address;
}

/** The listener id of a socket: `proto:address:port`, IPv6 in brackets. */
export function listenerId(proto: Proto, address: string, port: number): string {
  return `${proto}:${uriHost(address)}:${String(port)}`;
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** A concrete local address for a wildcard socket without `advertise`: the first non-internal one. */
function firstInterfaceAddress(family: 'IPv4' | 'IPv6'): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === family && !a.internal) return a.address;
  }
  return family === 'IPv4' ? '127.0.0.1' : '::1';
}

/** The family of an IP address, or null when it is not one. */
export function addressFamily(address: string): 'IPv4' | 'IPv6' | null {
  if (isIPv4(address)) return 'IPv4';
  if (isIPv6(address)) return 'IPv6';
  return null;
}

/**
 * The listener of a socket bound to `boundPort`. Throws a plain Error when the address is not
 * an IP address (configuration is checked before transports are made).
 */
export function createListener(spec: ListenSpec, boundPort: number = spec.port): Listener {
  const family = addressFamily(spec.address);
  if (family === null) throw new Error(`listen address ${JSON.stringify(spec.address)} is not an IPv4 or IPv6 address`);
  const shownAddress = spec.advertise?.address ?? (isWildcard(spec.address) ? firstInterfaceAddress(family) : spec.address);
  const host = uriHost(shownAddress);
  const advertisedPort = spec.advertise?.port ?? boundPort;
  return {
    id: listenerId(spec.proto, spec.address, boundPort),
    proto: spec.proto,
    address: spec.address,
    port: boundPort,
    family,
    host,
    advertisedPort,
    sentBy: `${host}:${String(advertisedPort)}`,
  };
}

/** The top Via this listener adds to a request it sends: `SIP/2.0/UDP host:port;branch=…`. */
export function viaValue(listener: Listener, branch: string): string {
  return `SIP/2.0/${listener.proto.toUpperCase()} ${listener.sentBy};branch=${branch}`;
}

/**
 * The URI of a Record-Route (or Path) header for this listener: `sip:host:port;lr`, with
 * `;transport=` for anything but UDP (as Kamailio's rr module writes it), then `params`.
 */
export function recordRouteUri(listener: Listener, params = ''): string {
  const transport = listener.proto === 'udp' ? '' : `;transport=${listener.proto}`;
  return `sip:${listener.host}:${String(listener.advertisedPort)}${transport};lr${params}`;
}
