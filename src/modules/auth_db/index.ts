/**
 * auth_db: digest authentication against a subscriber table. www_authenticate (alias
 * www_authorize), proxy_authenticate (alias proxy_authorize) and auth_check read the user's
 * password or HA1 per request, without blocking the event loop, over the daemon's shared pool
 * of database connections for db_url (src/db/daemon-pool.ts). A database error makes the
 * check fail (-1, logged), never the daemon.
 */
import type { MessageContext } from '../../cfg/message-context.js';
import { FixupError, type FixupEnv, type PvAccessor, type ScriptFunction } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import { findCredentials } from '../../db/repos/subscriber-auth.js';
import { describeDb } from '../../db/settings.js';
import { digestHa1 } from '../../sip/digest.js';
import { AUTH, AuthApi, type AuthKind } from '../auth/index.js';
import type { ModuleDefinition } from '../module-api.js';

const REQUEST_ONLY = ['request'] as const;

/** One `load_credentials` item: a column and the AVP it goes to. */
interface LoadedColumn {
  readonly column: string;
  readonly avp: string;
}

/** `$avp(name)=column;column;…` (Kamailio's load_credentials syntax). */
export function parseLoadCredentials(text: string): LoadedColumn[] {
  const out: LoadedColumn[] = [];
  for (const item of text.split(';').map((s) => s.trim())) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const column = (eq < 0 ? item : item.slice(eq + 1)).trim();
    const avp = eq < 0 ? `$avp(${column})` : item.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) throw new FixupError(`auth_db: load_credentials: "${column}" is not a column name`);
    out.push({ column, avp });
  }
  return out;
}

export const authDbModule: ModuleDefinition = {
  name: 'auth_db',
  doc: 'digest authentication against the subscriber table',
  depends: ['auth'],
  params: {
    db_url: { type: 'str', default: 'mysql://kamailioro:kamailioro@localhost/kamailio', doc: 'database URL (mysql://, postgres://, sqlite:///path)' },
    user_column: { type: 'str', default: 'username', doc: 'column of user names' },
    domain_column: { type: 'str', default: 'domain', doc: 'column of domains (use_domain)' },
    password_column: { type: 'str', default: 'ha1', doc: 'column of HA1 values, or of plain passwords with calculate_ha1' },
    password_column_2: { type: 'str', default: 'ha1b', doc: 'column of HA1 values computed with user@domain, for credentials whose username has a domain' },
    calculate_ha1: { type: 'int', default: 0, doc: '1: password_column holds plain text and HA1 is computed per request' },
    use_domain: { type: 'int', default: 0, doc: 'also match the domain column (the username\'s @domain, else the realm)' },
    load_credentials: { type: 'str', default: '', doc: 'columns loaded into AVPs after a successful check: $avp(name)=column;column' },
    version_table: { type: 'int', default: 1, doc: 'accepted for compatibility (the subscriber table version is not checked)' },
  },
  create(mod) {
    const authAny = mod.api('auth');
    if (!(authAny instanceof AuthApi)) throw new FixupError('auth_db needs the auth module');
    const auth = authAny;
    const p = mod.params;
    let shared: SharedDb;
    try {
      shared = new SharedDb('auth_db', p.str('db_url') ?? '');
    } catch (e) {
      throw new FixupError(e instanceof Error ? e.message : String(e));
    }
    const userColumn = p.str('user_column') ?? 'username';
    const domainColumn = p.str('domain_column') ?? 'domain';
    const passwordColumn = p.str('password_column') ?? 'ha1';
    const password2Column = p.str('password_column_2') ?? 'ha1b';
    const calculateHa1 = p.int('calculate_ha1') !== 0;
    const useDomain = p.int('use_domain') !== 0;
    const loadColumns = parseLoadCredentials(p.str('load_credentials') ?? '');
    let loadAvps: { column: string; pv: PvAccessor }[] | null = null;
    const resolveAvps = (env: FixupEnv): void => {
      if (loadAvps !== null) return;
      loadAvps = loadColumns.map((c) => {
        try {
          const pv = env.parsePv(c.avp);
          if (pv.set === undefined) throw new Error('it cannot be written');
          return { column: c.column, pv };
        } catch (e) {
          throw new FixupError(`auth_db: load_credentials: ${c.avp}: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    };

    /** Reads the user's row; undefined when unknown; throws on a database error. */
    const lookup = async (table: string, username: string, domain: string | null, hashColumn: string): Promise<Record<string, string> | undefined> => {
      const db = shared.db;
      if (db === null) throw new Error('the database connection is not open');
      return findCredentials(db, { table, userColumn, domainColumn, columns: [hashColumn, ...loadColumns.map((c) => c.column)], username, domain });
    };

    /** The shared check of every function: 1 or a negative auth code, and the credentials used. */
    const authenticate = async (ctx: MessageContext, kind: AuthKind, givenRealm: string, table: string, method?: string): Promise<{ code: number; found?: Exclude<ReturnType<AuthApi['preAuth']>, number> }> => {
      const req = ctx.request;
      if (req === null) return { code: AUTH.ERROR };
      if (AuthApi.exempt(req)) return { code: AUTH.OK };
      const realm = auth.realm(ctx, givenRealm, kind);
      if (realm === null) return { code: AUTH.ERROR };
      const found = auth.preAuth(ctx, req, realm, kind);
      if (typeof found === 'number') return { code: found };
      const at = found.cred.username.indexOf('@');
      const user = at < 0 ? found.cred.username : found.cred.username.slice(0, at);
      const userDomain = at < 0 ? '' : found.cred.username.slice(at + 1);
      const hashColumn = calculateHa1 || at < 0 ? passwordColumn : password2Column;
      let row: Record<string, string> | undefined;
      try {
        row = await lookup(table, user, useDomain ? userDomain || realm : null, hashColumn);
      } catch (e) {
        mod.logger.log(-1, `cannot read the credentials of ${found.cred.username} from ${table} (${describeDb(shared.settings)}): ${e instanceof Error ? e.message : String(e)}`);
        return { code: AUTH.ERROR };
      }
      if (row === undefined) return { code: AUTH.USER_UNKNOWN };
      const stored = row[hashColumn] ?? '';
      const ha1 = calculateHa1 ? digestHa1(found.cred.algorithm, found.cred.username, realm, stored) : stored;
      if (stored === '' || !auth.verify(req, found, ha1, method)) return { code: AUTH.INVALID_PASSWORD };
      for (const { column, pv } of loadAvps ?? []) pv.set?.(ctx, row[column] ?? '');
      auth.authorized(ctx, found);
      return { code: AUTH.OK, found };
    };

    const authFunction = (name: string, kind: AuthKind): ScriptFunction => ({
      name,
      args: kind === 'www' ? ['fmt', 'fmt', 'fmt'] : ['fmt', 'fmt'],
      minArgs: 2,
      routes: [...REQUEST_ONLY],
      fixup(args, env) {
        resolveAvps(env);
        const realm = args.fmt(0);
        const table = args.fmt(1);
        const method = args.has(2) ? args.fmt(2) : null;
        return async (ctx) => (await authenticate(ctx, kind, realm.eval(ctx), table.eval(ctx), method?.eval(ctx))).code;
      },
    });

    const functions: ScriptFunction[] = [
      authFunction('www_authenticate', 'www'),
      authFunction('www_authorize', 'www'),
      authFunction('proxy_authenticate', 'proxy'),
      authFunction('proxy_authorize', 'proxy'),
      {
        name: 'auth_check',
        args: ['fmt', 'fmt', 'int-pv'],
        routes: [...REQUEST_ONLY],
        fixup(args, env) {
          resolveAvps(env);
          const realm = args.fmt(0);
          const table = args.fmt(1);
          const flags = args.intArg(2);
          return async (ctx) => {
            const req = ctx.request;
            if (req === null) return AUTH.ERROR;
            const r = await authenticate(ctx, AuthApi.kindOf(req), realm.eval(ctx), table.eval(ctx));
            if (r.code !== AUTH.OK || r.found === undefined) return r.code;
            return auth.identityMatches(req, r.found, flags.eval(ctx), useDomain) ? AUTH.OK : AUTH.USER_MISMATCH;
          };
        },
      },
    ];

    return {
      functions,
      init: () => shared.open().then(() => undefined),
      stop: () => shared.close(),
    };
  },
};
