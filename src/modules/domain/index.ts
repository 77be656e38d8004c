/**
 * domain: the domain table, read into memory at start. `is_from_local()` (From host),
 * `is_uri_host_local()` (Request-URI host) and `is_domain_local(domain)` are 1 when the host
 * is in the table (without case), -1 otherwise. `register_myself` is accepted, but the table's
 * domains do not yet count as `myself` (the core has no hook for it).
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import { listDomains } from '../../db/repos/domain.js';
import type { Uri } from '../../sip/uri.js';
import type { ModuleDefinition } from '../module-api.js';

export const domainModule: ModuleDefinition = {
  name: 'domain',
  doc: 'local domains from the domain table',
  params: {
    db_url: { type: 'str', default: 'mysql://kamailioro:kamailioro@localhost/kamailio', doc: 'database URL of the domain table' },
    register_myself: { type: 'int', default: 0, doc: 'accepted; the domains do not yet extend myself' },
  },
  create(mod) {
    let shared: SharedDb;
    try {
      shared = new SharedDb('domain', mod.params.str('db_url') ?? '');
    } catch (e) {
      throw new FixupError(e instanceof Error ? e.message : String(e));
    }
    let domains = new Set<string>();
    const local = (host: string | null | undefined): number => (host != null && domains.has(host.toLowerCase()) ? 1 : -1);
    const hostOf = (u: Uri | undefined): string | null => (u?.kind === 'sip' ? u.host : null);
    const functions: ScriptFunction[] = [
      { name: 'is_from_local', args: [], fixup: () => (ctx) => local(hostOf(ctx.msg.from?.uri)) },
      {
        name: 'is_uri_host_local',
        args: [],
        fixup: () => (ctx) => {
          try {
            return local(hostOf(ctx.request?.requestUri));
          } catch {
            return -1;
          }
        },
      },
      {
        name: 'is_domain_local',
        args: ['fmt'],
        fixup(args) {
          const d = args.fmt(0);
          return (ctx) => local(d.eval(ctx));
        },
      },
    ];
    return {
      functions,
      async init() {
        domains = new Set((await listDomains(await shared.open())).map((r) => r.domain.toLowerCase()));
      },
      stop: () => shared.close(),
    };
  },
};
