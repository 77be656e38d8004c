import dns from 'node:dns';
import type { Uri } from '../uri.js';
import type { DestInfo, Proto } from '../transport-types.js';
import { addressFamily, defaultPort } from './listen.js';
import type { HostTarget } from './response-destination.js';

/** One address a request can be sent to. */
export interface ResolvedTarget {
  readonly proto: Proto;
  readonly address: string;
  readonly port: number;
  readonly family: 'IPv4' | 'IPv6';
}

/** One SRV record (RFC 2782), for the SRV hook. */
export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** Address lookup: A and AAAA records (or /etc/hosts) of a name. */
export type AddressLookup = (host: string) => Promise<readonly { readonly address: string; readonly family: 'IPv4' | 'IPv6' }[]>;

/** SRV lookup of `_sip._udp.example.com` and the like; null or [] when there is none. */
export type SrvLookup = (service: string) => Promise<readonly SrvRecord[] | null>;

export interface ResolverOptions {
  /** Default: node:dns `lookup` with `all: true` (A and AAAA, /etc/hosts included). */
  readonly lookup?: AddressLookup;
  /**
   * RFC 3263 §4.2 SRV step for a name without port. Not used by default (Kamailio's stock
   * setup uses SRV; we add it here when it is needed, without changing callers).
   */
  readonly srv?: SrvLookup;
  /** How long an answer is kept (default 60 s; getaddrinfo gives no TTL). */
  readonly cacheTtlMs?: number;
  /** How long "no such name" is kept (default 5 s). */
  readonly negativeTtlMs?: number;
  /** What `localhost` means without asking DNS (default 127.0.0.1). */
  readonly localhost?: string;
  readonly now?: () => number;
}

/** A name that has no address, a URI that cannot be routed, or a transport we lack. */
export class ResolveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolveError';
  }
}

const defaultLookup: AddressLookup = async (host) => {
  const all = await dns.promises.lookup(host, { all: true, verbatim: true });
  const out: { address: string; family: 'IPv4' | 'IPv6' }[] = [];
  for (const a of all) out.push({ address: a.address, family: a.family === 6 ? 'IPv6' : 'IPv4' });
  return out;
};

function protoOfParam(value: string): Proto | null {
  switch (value.toLowerCase()) {
    case 'udp':
      return 'udp';
    case 'tcp':
      return 'tcp';
    case 'tls':
      return 'tls';
    case 'ws':
      return 'ws';
    case 'wss':
      return 'wss';
    default:
      return null;
  }
}

/**
 * Where a SIP or SIPS URI points before any DNS (RFC 3263 §4.1 reduced): the `maddr` or host,
 * the port or the protocol's default, and the protocol from `;transport=` (else TLS for sips:,
 * UDP for sip:). Throws ResolveError for tel: and other schemes and for unknown transports.
 */
export function uriHostTarget(uri: Uri): HostTarget {
  if (uri.kind !== 'sip') throw new ResolveError(`cannot route to a ${uri.scheme}: URI`);
  const param = uri.params.get('transport');
  let proto: Proto;
  if (param === undefined || param === null) {
    proto = uri.scheme === 'sips' ? 'tls' : 'udp';
  } else {
    const p = protoOfParam(param);
    if (p === null) throw new ResolveError(`transport=${param} is not supported`);
    proto = uri.scheme === 'sips' && p === 'tcp' ? 'tls' : p;
  }
  const maddr = uri.params.get('maddr');
  const rawHost = maddr ?? uri.host;
  const host = rawHost.charCodeAt(0) === 0x5b ? rawHost.slice(1, -1) : rawHost;
  return { proto, host, port: uri.port ?? defaultPort(proto) };
}

interface CacheEntry {
  readonly expires: number;
  readonly addresses: readonly { readonly address: string; readonly family: 'IPv4' | 'IPv6' }[];
}

/**
 * RFC 3263 reduced to what a proxy needs now: numeric hosts and `localhost` without DNS,
 * names by A/AAAA with a small cache, the `;transport=` parameter and default ports. NAPTR is
 * not done (Kamailio's default too); SRV is a hook (`srv` option).
 *
 * `resolveNow` answers from numbers and the cache without waiting, so the per-message path
 * makes no promise when the destination is an address.
 */
export class Resolver {
  readonly #lookup: AddressLookup;
  readonly #srv: SrvLookup | undefined;
  readonly #ttl: number;
  readonly #negativeTtl: number;
  readonly #localhost: string;
  readonly #now: () => number;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(options: ResolverOptions = {}) {
    this.#lookup = options.lookup ?? defaultLookup;
    this.#srv = options.srv;
    this.#ttl = options.cacheTtlMs ?? 60_000;
    this.#negativeTtl = options.negativeTtlMs ?? 5_000;
    this.#localhost = options.localhost ?? '127.0.0.1';
    this.#now = options.now ?? Date.now;
  }

  /** Targets known without waiting (IP address, localhost, cached name), else null. Throws ResolveError for a cached failure. */
  resolveNow(target: HostTarget): ResolvedTarget[] | null {
    const host = target.host.toLowerCase() === 'localhost' ? this.#localhost : target.host;
    const family = addressFamily(host);
    if (family !== null) return [{ proto: target.proto, address: host, port: target.port, family }];
    const hit = this.#cache.get(host.toLowerCase());
    if (hit === undefined || hit.expires <= this.#now()) return null;
    if (hit.addresses.length === 0) throw new ResolveError(`${host} has no address`);
    return hit.addresses.map((a) => ({ proto: target.proto, address: a.address, port: target.port, family: a.family }));
  }

  /** All targets for a host target, in preference order; throws ResolveError when there is none. */
  async resolve(target: HostTarget, portGiven = true): Promise<ResolvedTarget[]> {
    const now = this.resolveNow(target);
    if (now !== null) return now;
    if (this.#srv !== undefined && !portGiven) {
      const viaSrv = await this.#resolveSrv(target);
      if (viaSrv.length > 0) return viaSrv;
    }
    const addresses = await this.#addresses(target.host);
    return addresses.map((a) => ({ proto: target.proto, address: a.address, port: target.port, family: a.family }));
  }

  /** Resolves the URI a request goes to (`$du`, else the Request-URI). */
  async resolveUri(uri: Uri): Promise<ResolvedTarget[]> {
    const target = uriHostTarget(uri);
    return this.resolve(target, uri.kind === 'sip' && uri.port !== null);
  }

  async #addresses(host: string): Promise<CacheEntry['addresses']> {
    const key = host.toLowerCase();
    let addresses: CacheEntry['addresses'];
    try {
      addresses = await this.#lookup(host);
    } catch (err) {
      this.#cache.set(key, { expires: this.#now() + this.#negativeTtl, addresses: [] });
      throw new ResolveError(`${host}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.#cache.set(key, { expires: this.#now() + (addresses.length === 0 ? this.#negativeTtl : this.#ttl), addresses });
    if (addresses.length === 0) throw new ResolveError(`${host} has no address`);
    return addresses;
  }

  async #resolveSrv(target: HostTarget): Promise<ResolvedTarget[]> {
    const srv = this.#srv;
    if (srv === undefined) return [];
    const service = target.proto === 'tls' ? `_sips._tcp.${target.host}` : `_sip._${target.proto === 'udp' ? 'udp' : 'tcp'}.${target.host}`;
    const records = [...((await srv(service)) ?? [])].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    const out: ResolvedTarget[] = [];
    for (const r of records) {
      try {
        for (const a of await this.#addresses(r.name)) out.push({ proto: target.proto, address: a.address, port: r.port, family: a.family });
      } catch (err) {
        if (!(err instanceof ResolveError)) throw err;
      }
    }
    return out;
  }
}

/** A resolved target as the DestInfo to send to. */
export function targetDest(t: ResolvedTarget, listenerId?: string): DestInfo {
  return { proto: t.proto, to: { address: t.address, port: t.port, family: t.family }, ...(listenerId === undefined ? {} : { listenerId }) };
}
