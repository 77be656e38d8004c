/**
 * auth: digest challenges and the checks every back end shares. Script functions
 * www_challenge / proxy_challenge / auth_challenge (401 or 407 with a fresh nonce),
 * consume_credentials, has_credentials, and pv_www_authenticate / pv_proxy_authenticate /
 * pv_auth_check (the password comes from the script). Nonces are self-signed: expiry time plus
 * an HMAC under `secret` (random per start when unset), so no nonce state is kept.
 */
import crypto from 'node:crypto';
import type { MessageContext } from '../../cfg/message-context.js';
import { FixupError, type FixupArgs, type IntArg, type ScriptFunction } from '../../cfg/script-api.js';
import { digestAlgorithm, digestHa1, type DigestAlgorithm } from '../../sip/digest.js';
import { SlApi } from '../sl/index.js';
import type { ModuleDefinition } from '../module-api.js';
import { AUTH, AuthApi, type AuthKind } from './auth-api.js';

export { AUTH, AuthApi, type AuthKind, type FoundCredentials } from './auth-api.js';

const REQUEST_ONLY = ['request'] as const;

/** The pv_*_authenticate flag that says the password argument is already HA1. */
const PV_PASSWORD_IS_HA1 = 1;

function flagsArg(args: FixupArgs, i: number, fn: string, allowed: number): IntArg {
  const a = args.intArg(i);
  if (a.constant !== null && (a.constant & ~allowed) !== 0) {
    throw new FixupError(`${fn}(): flags ${String(a.constant)} has bits sipd does not implement (it knows ${String(allowed)})`, i);
  }
  return a;
}

export const authModule: ModuleDefinition = {
  name: 'auth',
  doc: 'digest authentication: challenges, nonces, shared checks',
  depends: ['sl'],
  params: {
    secret: { type: 'str', default: null, doc: 'secret that signs nonces; random per start when unset' },
    nonce_expire: { type: 'int', default: 300, doc: 'seconds a nonce stays valid' },
    nonce_auth_max_drift: { type: 'int', default: 3, doc: 'seconds a nonce expiry may lie beyond nonce_expire (clock drift)' },
    qop: { type: 'str', default: '', doc: 'qop offered in every challenge: "auth", "auth-int" or "" (none)' },
    algorithm: { type: 'str', default: '', doc: 'digest algorithm: "" (MD5, not announced), "MD5" or "SHA-256" (announced in challenges)' },
    realm_prefix: { type: 'str', default: '', doc: 'prefix stripped from a realm taken from the To/From host' },
    force_stateless_reply: { type: 'int', default: 0, doc: 'challenges are sent statelessly even when a transaction exists' },
    use_domain: { type: 'int', default: 0, doc: 'pv_auth_check compares the hosts of the checked URIs too' },
  },
  create(mod) {
    const slAny = mod.api('sl');
    if (!(slAny instanceof SlApi)) throw new FixupError('auth needs the sl module');
    const p = mod.params;
    const qopText = p.str('qop') ?? '';
    if (qopText !== '' && qopText !== 'auth' && qopText !== 'auth-int') throw new FixupError(`auth: qop "${qopText}" is not "auth", "auth-int" or ""`);
    const algText = p.str('algorithm') ?? '';
    const algorithm: DigestAlgorithm | null = algText === '' ? null : digestAlgorithm(algText);
    if (algorithm === null && algText !== '') throw new FixupError(`auth: algorithm "${algText}" is not MD5 or SHA-256`);
    const nonceExpire = p.int('nonce_expire');
    if (nonceExpire <= 0) throw new FixupError(`auth: nonce_expire ${String(nonceExpire)} must be positive`);
    const secretText = p.str('secret');
    const api = new AuthApi(
      {
        secret: secretText === null || secretText === '' ? crypto.randomBytes(32) : Buffer.from(secretText, 'utf8'),
        nonceExpire,
        maxDrift: Math.max(0, p.int('nonce_auth_max_drift')),
        qop: qopText === '' ? null : qopText,
        algorithm,
        realmPrefix: p.str('realm_prefix') ?? '',
        forceStatelessReply: p.int('force_stateless_reply') !== 0,
      },
      slAny,
      mod.logger,
    );
    const useDomain = p.int('use_domain') !== 0;

    const challenge = (name: string, kind: AuthKind | null): ScriptFunction => ({
      name,
      args: ['fmt', 'int-pv'],
      routes: [...REQUEST_ONLY],
      fixup(args) {
        const realm = args.fmt(0);
        const flags = flagsArg(args, 1, name, 1 | 2 | 4 | 16);
        return (ctx) => {
          const req = ctx.request;
          if (req === null) return -1;
          return api.challenge(ctx, realm.eval(ctx), flags.eval(ctx), kind ?? AuthApi.kindOf(req));
        };
      },
    });

    /** pv_*_authenticate: checks the credentials against a password (or HA1) from the script. */
    const pvCheck = (ctx: MessageContext, kind: AuthKind, givenRealm: string, password: string, flags: number, method?: string): { code: number; found?: ReturnType<AuthApi['preAuth']> } => {
      const req = ctx.request;
      if (req === null) return { code: AUTH.ERROR };
      if (AuthApi.exempt(req)) return { code: AUTH.OK };
      const realm = api.realm(ctx, givenRealm, kind);
      if (realm === null) return { code: AUTH.ERROR };
      const found = api.preAuth(ctx, req, realm, kind);
      if (typeof found === 'number') return { code: found };
      const ha1 = (flags & PV_PASSWORD_IS_HA1) !== 0 ? password : digestHa1(found.cred.algorithm, found.cred.username, realm, password);
      if (!api.verify(req, found, ha1, method)) return { code: AUTH.INVALID_PASSWORD };
      api.authorized(ctx, found);
      return { code: AUTH.OK, found };
    };

    const pvAuthenticate = (name: string, kind: AuthKind): ScriptFunction => ({
      name,
      args: kind === 'www' ? ['fmt', 'fmt', 'int-pv', 'fmt'] : ['fmt', 'fmt', 'int-pv'],
      minArgs: 3,
      routes: [...REQUEST_ONLY],
      fixup(args) {
        const realm = args.fmt(0);
        const password = args.fmt(1);
        const flags = flagsArg(args, 2, name, PV_PASSWORD_IS_HA1);
        const method = args.has(3) ? args.fmt(3) : null;
        return (ctx) => pvCheck(ctx, kind, realm.eval(ctx), password.eval(ctx), flags.eval(ctx), method?.eval(ctx)).code;
      },
    });

    const functions: ScriptFunction[] = [
      challenge('www_challenge', 'www'),
      challenge('proxy_challenge', 'proxy'),
      challenge('auth_challenge', null),
      pvAuthenticate('pv_www_authenticate', 'www'),
      pvAuthenticate('pv_proxy_authenticate', 'proxy'),
      {
        name: 'pv_auth_check',
        args: ['fmt', 'fmt', 'int-pv', 'int-pv'],
        routes: [...REQUEST_ONLY],
        fixup(args) {
          const realm = args.fmt(0);
          const password = args.fmt(1);
          const flags = flagsArg(args, 2, 'pv_auth_check', PV_PASSWORD_IS_HA1);
          const checks = args.intArg(3);
          return (ctx) => {
            const req = ctx.request;
            if (req === null) return AUTH.ERROR;
            const r = pvCheck(ctx, AuthApi.kindOf(req), realm.eval(ctx), password.eval(ctx), flags.eval(ctx));
            const found = r.found;
            if (r.code !== AUTH.OK || found === undefined || typeof found === 'number') return r.code;
            return api.identityMatches(req, found, checks.eval(ctx), useDomain) ? AUTH.OK : AUTH.USER_MISMATCH;
          };
        },
      },
      {
        name: 'consume_credentials',
        args: [],
        routes: [...REQUEST_ONLY],
        fixup: () => (ctx) => api.consume(ctx),
      },
      {
        name: 'has_credentials',
        args: ['fmt'],
        routes: [...REQUEST_ONLY],
        fixup(args) {
          const realm = args.fmt(0);
          return (ctx) => api.hasCredentials(ctx, realm.eval(ctx));
        },
      },
    ];
    return { functions, api };
  },
};
