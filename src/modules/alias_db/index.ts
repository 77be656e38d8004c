/**
 * alias_db: `alias_db_lookup(table[, flags])` looks the Request-URI user (and, with
 * use_domain, its host) up in the dbaliases table and rewrites the Request-URI to
 * `sip:username@domain` of the first match: 1, or -1 when there is none or on a database error
 * (logged, never fatal). The table may hold pseudo-variables; flags are accepted, only the
 * first row is used.
 */
import type { Knex } from 'knex';
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { connect } from '../../db/connect.js';
import { parseDbUrl } from '../../db/db-url.js';
import { DbAliasesRepo } from '../../db/repos/dbaliases.js';
import { describeDb, type DbSettings } from '../../db/settings.js';
import { AppError } from '../../errors.js';
import type { ModuleDefinition } from '../module-api.js';

export const aliasDbModule: ModuleDefinition = {
  name: 'alias_db',
  doc: 'Request-URI aliases from the dbaliases table',
  params: {
    db_url: { type: 'str', default: 'mysql://kamailioro:kamailioro@localhost/kamailio', doc: 'database URL (mysql://, postgres://, sqlite:///path)' },
    use_domain: { type: 'int', default: 0, doc: 'also match alias_domain with the Request-URI host' },
  },
  create(mod) {
    let settings: DbSettings;
    try {
      settings = parseDbUrl(mod.params.str('db_url') ?? '');
    } catch (e) {
      throw new FixupError(`alias_db: modparam "db_url": ${e instanceof Error ? e.message : String(e)}`);
    }
    const useDomain = mod.params.int('use_domain') !== 0;
    let db: Knex | null = null;
    const functions: ScriptFunction[] = [
      {
        name: 'alias_db_lookup',
        args: ['fmt', 'str'],
        minArgs: 1,
        routes: ['request', 'failure', 'branch'],
        fixup(args) {
          const table = args.fmt(0);
          return async (ctx) => {
            const req = ctx.request;
            if (req === null || db === null) return -1;
            let uri;
            try {
              uri = req.requestUri;
            } catch {
              return -1;
            }
            if (uri.kind !== 'sip' || uri.user === null || uri.user === '') return -1;
            try {
              const [row] = await new DbAliasesRepo(db, table.eval(ctx)).lookup(uri.user, useDomain ? uri.host : null);
              if (row === undefined) return -1;
              req.setRequestUri(`sip:${row.target.username}@${row.target.domain}`);
              return 1;
            } catch (e) {
              mod.logger.log(-1, `alias lookup of ${uri.user} failed (${describeDb(settings)}): ${e instanceof Error ? e.message : String(e)}`);
              return -1;
            }
          };
        },
      },
    ];
    return {
      functions,
      async init() {
        try {
          db = await connect(settings, 'rw', { poolSize: 1 });
        } catch (e) {
          throw new AppError('E_DB_CONNECT', `alias_db: modparam "db_url": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
      },
      async stop() {
        const open = db;
        db = null;
        await open?.destroy();
      },
    };
  },
};
