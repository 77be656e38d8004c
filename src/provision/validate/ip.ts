/**
 * IP addresses, masks and CIDR prefixes as the permissions module reads them from the address
 * and trusted tables. Every check throws E_USAGE with a sentence naming the bad value, so a
 * command can call it before it opens the database.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { AppError } from '../../errors.js';

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** As written, without brackets. */
  readonly text: string;
}

export interface IpNetwork extends IpAddress {
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  readonly mask: number;
}

/** The widest prefix of a family: a single host. */
export function hostMask(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** The address family of `text`, or undefined when it is no IP address (brackets allowed around IPv6). */
export function ipFamily(text: string): IpFamily | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return 4;
  // Zone ids (fe80::1%eth0) mean nothing in a database row that other hosts read.
  if (isIPv6(bare) && !bare.includes('%')) return 6;
  return undefined;
}

/** An IPv4 or IPv6 address; `what` names the argument in the error message. */
export function parseIp(text: string, what = 'IP address'): IpAddress {
  const family = ipFamily(text);
  if (family === undefined) {
    throw new AppError('E_USAGE', `${what} ${JSON.stringify(text)} is not an IPv4 or IPv6 address`);
  }
  const bare = text.startsWith('[') ? text.slice(1, -1) : text;
  return { family, text: bare };
}

/** A decimal prefix length valid for `family` (IPv4 0–32, IPv6 0–128). */
export function parseMask(text: string, family: IpFamily, what = 'mask'): number {
  const max = hostMask(family);
  if (!/^\d{1,3}$/.test(text) || Number(text) > max) {
    throw new AppError('E_USAGE', `${what} ${JSON.stringify(text)} is not a prefix length for IPv${String(family)} (0–${String(max)})`);
  }
  return Number(text);
}

/**
 * `address` or `address/prefix`. Without a prefix the mask is the host mask of the family
 * (32 or 128): kamctl writes 32 for IPv6 too, which Kamailio reads as a /32 subnet holding a
 * quarter of a billion /64s.
 */
export function parseNetwork(text: string, what = 'address'): IpNetwork {
  const slash = text.indexOf('/');
  if (slash < 0) {
    const ip = parseIp(text, what);
    return { ...ip, mask: hostMask(ip.family) };
  }
  const ip = parseIp(text.slice(0, slash), what);
  return { ...ip, mask: parseMask(text.slice(slash + 1), ip.family, `prefix length in ${what} ${JSON.stringify(text)}:`) };
}

/** True for a DNS name (RFC 1123 labels), which the address table also accepts in ip_addr. */
export function isHostname(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = (text.endsWith('.') ? text.slice(0, -1) : text).split('.');
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}
