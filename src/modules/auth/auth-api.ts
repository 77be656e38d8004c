/**
 * What the auth module does for itself and for its back ends (auth_db): nonces, challenges,
 * finding the credentials of a realm, checking a digest response against an HA1, the
 * identity check of auth_check, and remembering which credentials authorized a request
 * (consume_credentials). Return codes are Kamailio's (auth_api.h).
 */
import type { MessageContext } from '../../cfg/message-context.js';
import {
  checkNonce,
  digestChallenge,
  digestEqual,
  digestHa2,
  digestResponse,
  makeNonce,
  parseDigestCredentials,
  sessionHa1,
  type DigestAlgorithm,
  type DigestCredentials,
  type DigestQop,
} from '../../sip/digest.js';
import type { HeaderField, SipRequest, Uri } from '../../sip/index.js';
import type { SlApi } from '../sl/index.js';
import type { ModuleLogger } from '../module-api.js';

/** Kamailio's auth result codes. */
export const AUTH = {
  OK: 1,
  ERROR: -1,
  INVALID_PASSWORD: -2,
  USER_UNKNOWN: -3,
  NONCE_EXPIRED: -4,
  NO_CREDENTIALS: -5,
  NONCE_REUSED: -6,
  USER_MISMATCH: -8,
} as const;

/** Which pair of header fields: WWW (401, Authorization) or proxy (407, Proxy-Authorization). */
export type AuthKind = 'www' | 'proxy';

const CREDENTIALS_HF: Readonly<Record<AuthKind, string>> = { www: 'Authorization', proxy: 'Proxy-Authorization' };
const CHALLENGE_HF: Readonly<Record<AuthKind, string>> = { www: 'WWW-Authenticate', proxy: 'Proxy-Authenticate' };
const CHALLENGE_REPLY: Readonly<Record<AuthKind, readonly [number, string]>> = {
  www: [401, 'Unauthorized'],
  proxy: [407, 'Proxy Authentication Required'],
};

/** Challenge flags (www_challenge and friends). */
export const CHALLENGE_FLAGS = { QOP_AUTH: 1, QOP_AUTH_INT: 2, NO_500: 4, STALE: 16 } as const;

/** auth_check flags. */
export const CHECK_FLAGS = { IDENTITY: 1, SKIP_ANONYMOUS: 2 } as const;

/** Requests that may carry an anonymous caller identity (auth_check flag 2). */
const ANONYMOUS_OK = new Set(['INVITE', 'BYE', 'PRACK', 'UPDATE', 'MESSAGE']);

export interface AuthOptions {
  readonly secret: Buffer;
  /** Seconds a nonce stays valid. */
  readonly nonceExpire: number;
  readonly maxDrift: number;
  /** qop offered in every challenge (the qop parameter), besides the flags. */
  readonly qop: DigestQop | null;
  /** The algorithm parameter: also written into challenges. Null = MD5, not written. */
  readonly algorithm: DigestAlgorithm | null;
  readonly realmPrefix: string;
  readonly forceStatelessReply: boolean;
}

/** Credentials found for a realm, ready to check against an HA1. */
export interface FoundCredentials {
  readonly field: HeaderField;
  readonly cred: DigestCredentials;
  readonly realm: string;
}

export class AuthApi {
  readonly #o: AuthOptions;
  readonly #sl: SlApi;
  readonly #logger: ModuleLogger;
  /** The field that authorized each request (for consume_credentials). */
  readonly #authorized = new WeakMap<MessageContext, HeaderField>();

  constructor(o: AuthOptions, sl: SlApi, logger: ModuleLogger) {
    this.#o = o;
    this.#sl = sl;
    this.#logger = logger;
  }

  #nowSeconds(ctx: MessageContext): number {
    return Math.floor(ctx.core.clock.now() / 1000);
  }

  /** A fresh nonce, valid for nonce_expire seconds from now. */
  nonce(ctx: MessageContext): string {
    return makeNonce(this.#o.secret, this.#nowSeconds(ctx) + this.#o.nonceExpire);
  }

  /**
   * The realm to use: the script's value, or when that is empty the To host (www) or the
   * From host (proxy) without realm_prefix. Null when it cannot be found.
   */
  realm(ctx: MessageContext, given: string, kind: AuthKind): string | null {
    if (given !== '') return given;
    const req = ctx.request;
    if (req === null) return null;
    try {
      const addr = kind === 'www' ? req.to : req.from;
      if (addr === null) return null;
      const u = addr.uri;
      if (u.kind !== 'sip') return null;
      const host = u.host;
      const p = this.#o.realmPrefix;
      return p !== '' && host.startsWith(p) && host.length > p.length ? host.slice(p.length) : host;
    } catch {
      return null;
    }
  }

  /** The kind auth_check and auth_challenge pick: REGISTER → www, everything else → proxy. */
  static kindOf(req: SipRequest): AuthKind {
    return req.method === 'REGISTER' ? 'www' : 'proxy';
  }

  /** ACK and CANCEL cannot be challenged, so every check passes them. */
  static exempt(req: SipRequest): boolean {
    return req.method === 'ACK' || req.method === 'CANCEL';
  }

  /**
   * The first step of every check: find the credentials for `realm` and check their nonce.
   * Returns the credentials, or a negative code (-5 none for this realm, -1 malformed or not
   * our nonce, -4 expired nonce).
   */
  preAuth(ctx: MessageContext, req: SipRequest, realm: string, kind: AuthKind): FoundCredentials | number {
    let malformed = false;
    for (const field of req.fields(CREDENTIALS_HF[kind])) {
      let cred: DigestCredentials | null;
      try {
        cred = parseDigestCredentials(field.value);
      } catch (e) {
        malformed = true;
        this.#logger.log(3, `${CREDENTIALS_HF[kind]} ignored: ${e instanceof Error ? e.message : String(e)} (Call-ID ${callIdOf(req)})`);
        continue;
      }
      if (cred?.realm !== realm) continue;
      if (this.#o.algorithm !== null && hashOf(cred.algorithm) !== hashOf(this.#o.algorithm)) {
        this.#logger.log(3, `credentials use algorithm ${cred.algorithm}, the server asks for ${this.#o.algorithm}`);
        return AUTH.ERROR;
      }
      switch (checkNonce(this.#o.secret, cred.nonce, this.#nowSeconds(ctx), this.#o.nonceExpire, this.#o.maxDrift)) {
        case 'valid':
          return { field, cred, realm };
        case 'expired':
          return AUTH.NONCE_EXPIRED;
        case 'invalid':
          this.#logger.log(3, `nonce not issued by this server (Call-ID ${callIdOf(req)})`);
          return AUTH.ERROR;
      }
    }
    return malformed ? AUTH.ERROR : AUTH.NO_CREDENTIALS;
  }

  /** Whether the digest response matches HA1 (for the request's method, or `method`). */
  verify(req: SipRequest, found: FoundCredentials, ha1: string, method: string = req.method): boolean {
    const { cred } = found;
    const h1 = sessionHa1(cred.algorithm, ha1, cred.nonce, cred.qop?.cnonce ?? '');
    const ha2 = digestHa2(cred.algorithm, method, cred.uri, cred.qop?.qop ?? null, req.body);
    const expected = digestResponse(cred.algorithm, h1, cred.nonce, ha2, cred.qop ?? undefined);
    return digestEqual(expected, cred.response);
  }

  /** Records that `found` authorized the request (consume_credentials removes it later). */
  authorized(ctx: MessageContext, found: FoundCredentials): void {
    this.#authorized.set(ctx, found.field);
  }

  /**
   * The identity check of auth_check (flags 1): the credentials' user must be the From user,
   * for REGISTER and PUBLISH also the To user (and the From user the To user); PUBLISH also the
   * R-URI user. With use_domain, the From host must equal the To host (and for PUBLISH the
   * R-URI host). Flags 2 skips the check for requests that may be anonymous.
   */
  identityMatches(req: SipRequest, found: FoundCredentials, flags: number, useDomain: boolean): boolean {
    if ((flags & CHECK_FLAGS.IDENTITY) === 0) return true;
    if ((flags & CHECK_FLAGS.SKIP_ANONYMOUS) !== 0 && ANONYMOUS_OK.has(req.method)) return true;
    const authUser = found.cred.username.split('@')[0] ?? '';
    try {
      const from = sipUserHost(req.from?.uri);
      if (from === null) return false;
      if (req.method !== 'REGISTER' && req.method !== 'PUBLISH') return from.user === authUser;
      const to = sipUserHost(req.to?.uri);
      if (to?.user !== authUser || from.user !== to.user) return false;
      if (useDomain && from.host !== to.host) return false;
      if (req.method === 'PUBLISH') {
        const r = sipUserHost(req.requestUri);
        if (r?.user !== authUser) return false;
        if (useDomain && r.host !== from.host) return false;
      }
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Sends a 401 (www) or 407 (proxy) with a fresh digest challenge: through the transaction
   * when there is one (unless force_stateless_reply), else statelessly. 1 sent; -1 when it
   * could not be built or sent (then a 500 is sent, unless flags has 4).
   */
  challenge(ctx: MessageContext, givenRealm: string, flags: number, kind: AuthKind): number {
    const req = ctx.request;
    if (req === null) return -1;
    const realm = this.realm(ctx, givenRealm, kind);
    if (realm === null) {
      this.#logger.log(-1, `no realm for the challenge (Call-ID ${callIdOf(req)})`);
      if ((flags & CHALLENGE_FLAGS.NO_500) === 0) this.#send(ctx, 500, 'Internal Server Error');
      return -1;
    }
    const qop = new Set<DigestQop>();
    if (this.#o.qop !== null) qop.add(this.#o.qop);
    if ((flags & CHALLENGE_FLAGS.QOP_AUTH) !== 0) qop.add('auth');
    if ((flags & CHALLENGE_FLAGS.QOP_AUTH_INT) !== 0) qop.add('auth-int');
    const value = digestChallenge({
      realm,
      nonce: this.nonce(ctx),
      stale: (flags & CHALLENGE_FLAGS.STALE) !== 0,
      qop: [...qop],
      ...(this.#o.algorithm === null ? {} : { algorithm: this.#o.algorithm }),
    });
    const entry: [string, string] = [CHALLENGE_HF[kind], value];
    ctx.replyHeaders.push(entry);
    const [status, reason] = CHALLENGE_REPLY[kind];
    let r: number;
    try {
      r = this.#send(ctx, status, reason);
    } finally {
      // The challenge belongs to this reply only, not to any later one for the same request.
      const i = ctx.replyHeaders.indexOf(entry);
      if (i >= 0) ctx.replyHeaders.splice(i, 1);
    }
    if (r < 0 && (flags & CHALLENGE_FLAGS.NO_500) === 0) this.#send(ctx, 500, 'Internal Server Error');
    return r < 0 ? -1 : 1;
  }

  #send(ctx: MessageContext, status: number, reason: string): number {
    return this.#o.forceStatelessReply ? this.#sl.reply(ctx, status, reason) : this.#sl.sendReply(ctx, status, reason);
  }

  /** has_credentials: 1 when an Authorization or Proxy-Authorization field has this realm. */
  hasCredentials(ctx: MessageContext, realm: string): number {
    const req = ctx.request;
    if (req === null) return -1;
    for (const kind of ['www', 'proxy'] as const) {
      for (const f of req.fields(CREDENTIALS_HF[kind])) {
        try {
          if (parseDigestCredentials(f.value)?.realm === realm) return 1;
        } catch {
          // not well-formed: not credentials for anyone
        }
      }
    }
    return -1;
  }

  /** consume_credentials: removes the field that authorized this request; -1 when none did. */
  consume(ctx: MessageContext): number {
    const req = ctx.request;
    const field = this.#authorized.get(ctx);
    if (req === null || field === undefined) return -1;
    const same = req.fields(field.name);
    if (!same.includes(field)) return -1;
    req.removeHeaders(field.name);
    for (const f of same) if (f !== field) req.appendHeader(f.name, f.value);
    this.#authorized.delete(ctx);
    return 1;
  }
}

function hashOf(a: DigestAlgorithm): string {
  return a.replace(/-sess$/, '');
}

function callIdOf(req: SipRequest): string {
  try {
    return req.callId ?? '-';
  } catch {
    return '-';
  }
}

function sipUserHost(u: Uri | undefined): { user: string; host: string } | null {
  if (u?.kind !== 'sip') return null;
  return { user: u.user ?? '', host: u.host.toLowerCase() };
}
