/**
 * HTTP Digest for SIP (RFC 2617, RFC 7616, RFC 3261 §22.4): the hashes (HA1, HA2, response),
 * parsing of Authorization / Proxy-Authorization credentials, building a challenge, and
 * self-signed nonces that carry their own expiry (so a server keeps no nonce state).
 * Pure functions: no config, no database, no clock (times are passed in).
 */
import crypto from 'node:crypto';
import { isWsp } from './char-classes.js';
import { parseQuotedString, scanToken, skipLws } from './header-params.js';
import { SipParseError } from './sip-parse-error.js';

/** The digest algorithms sipd computes; `-sess` variants hash the nonces into HA1. */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

const HASH: Readonly<Record<DigestAlgorithm, 'md5' | 'sha256'>> = {
  MD5: 'md5',
  'MD5-sess': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-sess': 'sha256',
};

/** The algorithm named by an `algorithm=` value (case-insensitive), MD5 when absent, null when unknown. */
export function digestAlgorithm(name: string | undefined): DigestAlgorithm | null {
  if (name === undefined || name === '') return 'MD5';
  const found = (Object.keys(HASH) as DigestAlgorithm[]).find((a) => a.toLowerCase() === name.toLowerCase());
  return found ?? null;
}

/** H(data) as lower-case hex, for the algorithm's hash function. */
export function digestHash(algorithm: DigestAlgorithm, data: string | Buffer): string {
  return crypto.createHash(HASH[algorithm]).update(data).digest('hex');
}

/** MD5 of UTF-8 text as lower-case hex (HA1 columns of the subscriber table). */
export function md5Hex(text: string): string {
  return digestHash('MD5', text);
}

/**
 * HA1 = H(username ":" realm ":" password) (RFC 2617 §3.2.2.2). With `username` = `user@domain`
 * this is Kamailio's `ha1b`.
 */
export function digestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

/** The -sess HA1 from a stored HA1: H(HA1 ":" nonce ":" cnonce); other algorithms return HA1 as is. */
export function sessionHa1(algorithm: DigestAlgorithm, ha1: string, nonce: string, cnonce: string): string {
  return algorithm.endsWith('-sess') ? digestHash(algorithm, `${ha1}:${nonce}:${cnonce}`) : ha1;
}

export type DigestQop = 'auth' | 'auth-int';

/** HA2 = H(method ":" uri), or H(method ":" uri ":" H(body)) for qop=auth-int. */
export function digestHa2(algorithm: DigestAlgorithm, method: string, uri: string, qop: DigestQop | null, body: Buffer = Buffer.alloc(0)): string {
  return qop === 'auth-int' ? digestHash(algorithm, `${method}:${uri}:${digestHash(algorithm, body)}`) : digestHash(algorithm, `${method}:${uri}`);
}

/** The request-digest: H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) with qop, else H(HA1 ":" nonce ":" HA2). */
export function digestResponse(algorithm: DigestAlgorithm, ha1: string, nonce: string, ha2: string, qop?: { qop: DigestQop; nc: string; cnonce: string }): string {
  return qop === undefined ? digestHash(algorithm, `${ha1}:${nonce}:${ha2}`) : digestHash(algorithm, `${ha1}:${nonce}:${qop.nc}:${qop.cnonce}:${qop.qop}:${ha2}`);
}

/** Compares two hex digests in constant time (case-insensitive). */
export function digestEqual(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The parameters of one `Digest` credentials value, names in lower case, values unquoted. */
export interface DigestCredentials {
  readonly params: ReadonlyMap<string, string>;
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  /** With `qop`, `nc` and `cnonce` are present too. */
  readonly qop: { readonly qop: DigestQop; readonly nc: string; readonly cnonce: string } | null;
  readonly opaque: string | null;
}

/**
 * Parses `Digest name=value, name="value" …` (RFC 2617 §3.2.2). Returns null for another
 * scheme, and throws SipParseError (E_SIP_PARSE_HEADER) for malformed digest credentials:
 * bad syntax, a missing username/realm/nonce/uri/response, an unknown algorithm or qop, or qop
 * without nc and cnonce.
 */
export function parseDigestCredentials(value: string): DigestCredentials | null {
  let i = skipLws(value, 0);
  const schemeEnd = scanToken(value, i);
  if (value.slice(i, schemeEnd).toLowerCase() !== 'digest') return null;
  if (schemeEnd >= value.length || !isWsp(value.charCodeAt(schemeEnd))) throw bad('no parameters after "Digest"');
  i = schemeEnd;
  const params = new Map<string, string>();
  for (;;) {
    i = skipLws(value, i);
    const ns = i;
    i = scanToken(value, i);
    if (i === ns) throw bad('expected a parameter name');
    const name = value.slice(ns, i).toLowerCase();
    i = skipLws(value, i);
    if (value.charCodeAt(i) !== 0x3d) throw bad(`parameter ${name} has no "="`);
    i = skipLws(value, i + 1);
    let v: string;
    if (value.charCodeAt(i) === 0x22) {
      const q = parseQuotedString(value, i, 'E_SIP_PARSE_HEADER');
      v = q.text;
      i = q.end;
    } else {
      const vs = i;
      i = scanToken(value, i);
      if (i === vs) throw bad(`parameter ${name} has an empty value`);
      v = value.slice(vs, i);
    }
    if (params.has(name)) throw bad(`parameter ${name} appears twice`);
    params.set(name, v);
    i = skipLws(value, i);
    if (i >= value.length) break;
    if (value.charCodeAt(i) !== 0x2c) throw bad('expected "," between parameters');
    i++;
  }
  const need = (n: string): string => {
    const v = params.get(n);
    if (v === undefined) throw bad(`no ${n} parameter`);
    return v;
  };
  const algorithm = digestAlgorithm(params.get('algorithm'));
  if (algorithm === null) throw bad(`unknown algorithm ${params.get('algorithm') ?? ''}`);
  const qopText = params.get('qop');
  let qop: DigestCredentials['qop'] = null;
  if (qopText !== undefined) {
    const q = qopText.toLowerCase();
    if (q !== 'auth' && q !== 'auth-int') throw bad(`unknown qop ${qopText}`);
    const nc = need('nc');
    if (!/^[0-9a-f]{8}$/i.test(nc)) throw bad('nc is not 8 hex digits');
    qop = { qop: q, nc, cnonce: need('cnonce') };
  }
  return {
    params,
    username: need('username'),
    realm: need('realm'),
    nonce: need('nonce'),
    uri: need('uri'),
    response: need('response'),
    algorithm,
    qop,
    opaque: params.get('opaque') ?? null,
  };
}

/** The realm of a credentials value without checking the rest (has_credentials), or null. */
export function credentialsRealm(value: string): string | null {
  try {
    return parseDigestCredentials(value)?.realm ?? null;
  } catch {
    return null;
  }
}

function bad(detail: string): SipParseError {
  return new SipParseError('E_SIP_PARSE_HEADER', `Digest credentials: ${detail}`);
}

function quote(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export interface ChallengeOptions {
  readonly realm: string;
  readonly nonce: string;
  readonly stale?: boolean;
  readonly qop?: readonly DigestQop[];
  /** Written only when given (RFC 2617 clients assume MD5). */
  readonly algorithm?: DigestAlgorithm;
  readonly opaque?: string;
}

/** A WWW-Authenticate / Proxy-Authenticate value: `Digest realm="…", nonce="…"[, stale=true][, qop="…"][, algorithm=…]`. */
export function digestChallenge(o: ChallengeOptions): string {
  let v = `Digest realm=${quote(o.realm)}, nonce=${quote(o.nonce)}`;
  if (o.opaque !== undefined) v += `, opaque=${quote(o.opaque)}`;
  if (o.stale === true) v += ', stale=true';
  if (o.qop !== undefined && o.qop.length > 0) v += `, qop=${quote(o.qop.join(','))}`;
  if (o.algorithm !== undefined) v += `, algorithm=${o.algorithm}`;
  return v;
}

// ---- self-signed nonces -------------------------------------------------------------------

/** Bytes of the signature kept in a nonce: 4 bytes of expiry + 20 → 24 bytes, 32 base64url characters. */
const NONCE_MAC_BYTES = 20;

function nonceMac(secret: Buffer, expiry: Buffer): Buffer {
  return crypto.createHmac('sha256', secret).update(expiry).digest().subarray(0, NONCE_MAC_BYTES);
}

/**
 * A nonce that proves itself: the expiry time (whole seconds since the epoch, 32 bits) and an
 * HMAC-SHA-256 of it under the server's secret, base64url-encoded (32 characters).
 */
export function makeNonce(secret: Buffer, expiresAtSeconds: number): string {
  const expiry = Buffer.alloc(4);
  expiry.writeUInt32BE(Math.max(0, Math.min(0xffffffff, Math.floor(expiresAtSeconds))));
  return Buffer.concat([expiry, nonceMac(secret, expiry)]).toString('base64url');
}

export type NonceCheck = 'valid' | 'expired' | 'invalid';

/**
 * Checks a nonce made by makeNonce: `invalid` when it is not ours (wrong length, wrong
 * signature), `expired` when its time has passed or lies further ahead than `maxLifetime`
 * seconds plus `maxDrift` (a clock that went back, or a secret shared with a server whose
 * nonce_expire is longer).
 */
export function checkNonce(secret: Buffer, nonce: string, nowSeconds: number, maxLifetime: number, maxDrift = 3): NonceCheck {
  if (!/^[A-Za-z0-9_-]{32}$/.test(nonce)) return 'invalid';
  const raw = Buffer.from(nonce, 'base64url');
  if (raw.length !== 4 + NONCE_MAC_BYTES) return 'invalid';
  const expiry = raw.subarray(0, 4);
  if (!crypto.timingSafeEqual(raw.subarray(4), nonceMac(secret, expiry))) return 'invalid';
  const at = expiry.readUInt32BE(0);
  if (at < nowSeconds) return 'expired';
  if (at - nowSeconds > maxLifetime + maxDrift) return 'expired';
  return 'valid';
}
