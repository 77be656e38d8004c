/**
 * `user`, `user@domain` and `sip:user@domain`, the identities kamctl's commands take, checked
 * against RFC 3261's grammar before anything is written: the user part (§25.1 `user`:
 * unreserved, escaped and user-unreserved characters) and the host (`hostname`, `IPv4address`,
 * `IPv6reference`). A missing domain comes from SIP_DOMAIN, as in kamctl.
 */
import net from 'node:net';
import { charLength, quote, usageError } from './validation.js';

export interface UserDomain {
  readonly username: string;
  readonly domain: string;
}

/** The VARCHAR length of username and domain in subscriber, grp, dbaliases and speed_dial. */
export const USER_DOMAIN_MAX = 64;

const USER_CHAR = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]$/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** RFC 3261 `user`: what may stand before the `@` of a SIP URI. */
export function validateUsername(field: string, text: string, max = USER_DOMAIN_MAX): string {
  if (text === '') throw usageError(field, 'the user name is empty');
  const len = charLength(text);
  if (len > max) throw usageError(field, `the user name ${quote(text)} is ${String(len)} characters long; at most ${String(max)} fit`);
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '%') {
      if (!HEX2.test(text.slice(i + 1, i + 3))) throw usageError(field, `the user name ${quote(text)} has a "%" that is not followed by two hex digits`);
      i += 2;
      continue;
    }
    if (!USER_CHAR.test(ch)) {
      const shown = String.fromCodePoint(text.codePointAt(i) ?? 0);
      throw usageError(field, `the user name ${quote(text)} contains ${JSON.stringify(shown)}, which a SIP user part cannot hold (RFC 3261 allows letters, digits, -_.!~*'()&=+$,;?/ and %HH escapes)`);
    }
  }
  return text;
}

/** RFC 3261 `host`: a host name, an IPv4 address or a bracketed IPv6 address. */
export function validateDomain(field: string, text: string, max = USER_DOMAIN_MAX): string {
  if (text === '') throw usageError(field, 'the domain is empty');
  const len = charLength(text);
  if (len > max) throw usageError(field, `the domain ${quote(text)} is ${String(len)} characters long; at most ${String(max)} fit`);
  if (text.startsWith('[') && text.endsWith(']')) {
    if (!net.isIPv6(text.slice(1, -1))) throw usageError(field, `${quote(text)} is not an IPv6 address`);
    return text;
  }
  if (IPV4.test(text)) {
    if (!net.isIPv4(text)) throw usageError(field, `${quote(text)} is not an IPv4 address`);
    return text;
  }
  const labels = (text.endsWith('.') ? text.slice(0, -1) : text).split('.');
  for (const label of labels) {
    if (!LABEL.test(label)) throw usageError(field, `${quote(text)} is not a host name: each label is letters, digits and inner hyphens (RFC 3261 hostname)`);
  }
  return text;
}

/**
 * `user`, `user@domain`, or the same with a `sip:`/`sips:` scheme. `defaultDomain` is
 * SIP_DOMAIN; without it a bare user is an error, as in kamctl.
 */
export function parseUserDomain(field: string, text: string, defaultDomain: string | undefined, max = USER_DOMAIN_MAX): UserDomain {
  const bare = text.replace(/^sips?:/i, '');
  const at = bare.indexOf('@');
  let username = bare;
  let domain: string;
  if (at === -1) {
    if (defaultDomain === undefined || defaultDomain === '') {
      throw usageError(field, `${quote(text)} has no domain: write user@domain or set SIP_DOMAIN`);
    }
    domain = defaultDomain;
  } else {
    username = bare.slice(0, at);
    domain = bare.slice(at + 1);
    if (domain.includes('@')) throw usageError(field, `${quote(text)} has more than one "@"`);
  }
  validateUsername(field, username, max);
  // A bad SIP_DOMAIN is named as such: the user did not type it.
  validateDomain(at === -1 ? `${field}: SIP_DOMAIN` : field, domain, max);
  return { username, domain };
}

export function formatUserDomain(id: UserDomain): string {
  return `${id.username}@${id.domain}`;
}
