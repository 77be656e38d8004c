/**
 * alias_db: `alias_db_lookup(table[, flags])` looks the Request-URI user (and, with
 * use_domain, its host) up in the dbaliases table and rewrites the Request-URI to
 * `sip:username@domain` of the first match: 1, or -1 when there is none or on a database error
 * (logged, never fatal). The table may hold pseudo-variables; flags are accepted, only the
 * first row is used.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import { DbAliasesRepo } from '../../db/repos/dbaliases.js';
import { describeDb } from '../../db/settings.js';
import type { ModuleDefinition } from '../module-api.js';

export const aliasDbModule: ModuleDefinition = {
  name: 'alias_db',
  doc: 'Request-URI aliases from the dbaliases table',
  params: {
    db_url: { type: 'str', default: 'mysql://kamailioro:kamailioro@localhost/kamailio', doc: 'database URL (mysql://, postgres://, sqlite:///path)' },
    use_domain: { type: 'int', default: 0, doc: 'also match alias_domain with the Request-URI host' },
  },
  create(mod) {
    let shared: SharedDb;
    try {
      shared = new SharedDb('alias_db', mod.params.str('db_url') ?? '');
    } catch (e) {
      throw new FixupError(e instanceof Error ? e.message : String(e));
    }
    const useDomain = mod.params.int('use_domain') !== 0;
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
            const db = shared.db;
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
              mod.logger.log(-1, `alias lookup of ${uri.user} failed (${describeDb(shared.settings)}): ${e instanceof Error ? e.message : String(e)}`);
              return -1;
            }
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
