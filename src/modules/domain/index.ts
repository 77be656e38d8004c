/**
 * domain: the domain table, read into memory at start. `is_from_local()` (From host),
 * `is_uri_host_local()` (Request-URI host) and `is_domain_local(domain)` are 1 when the host
 * is in the table (without case), -1 otherwise. `register_myself` is accepted, but the table's
 * domains do not yet count as `myself` (the core has no hook for it). RPC: domain.reload
 * (reads domain and domain_attrs again; the old tables stay on failure) and domain.dump, with
 * Kamailio 5.6's reply shapes.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import type { Knex } from 'knex';
import { listDomainAttrs } from '../../db/repos/domain-attrs.js';
import { listDomains } from '../../db/repos/domain.js';
import { describeDb } from '../../db/settings.js';
import type { RpcMethod } from '../../rpc/rpc-method.js';
import type { RpcStruct } from '../../rpc/rpc-value.js';
import type { Uri } from '../../sip/uri.js';
import type { ModuleDefinition } from '../module-api.js';

/** The tables as loaded: each domain with its did (the domain itself when the row has none), and each did's attribute names. */
export interface DomainTables {
  readonly domains: readonly { readonly domain: string; readonly did: string }[];
  readonly attrs: ReadonlyMap<string, readonly string[]>;
}

export async function loadDomainTables(db: Knex): Promise<DomainTables> {
  const domains = (await listDomains(db)).map((r) => ({ domain: r.domain, did: r.did ?? r.domain }));
  const attrs = new Map<string, string[]>();
  for (const a of await listDomainAttrs(db)) attrs.set(a.did, [...(attrs.get(a.did) ?? []), a.name]);
  return { domains, attrs };
}

/** domain.dump: `{domains: [{domain, did}], attributes: [{did, attrs: [name]}]}`. */
export function domainDump(t: DomainTables): RpcStruct {
  return {
    domains: t.domains.map((d) => ({ domain: d.domain, did: d.did })),
    attributes: [...t.attrs].map(([did, attrs]) => ({ did, attrs })),
  };
}

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
    let tables: DomainTables = { domains: [], attrs: new Map() };
    let domains = new Set<string>();
    const load = async (): Promise<void> => {
      tables = await loadDomainTables(await shared.open());
      domains = new Set(tables.domains.map((d) => d.domain.toLowerCase()));
    };
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
    const rpc: RpcMethod[] = [
      {
        name: 'domain.reload',
        doc: 'Reload the domain and domain_attrs tables from the database.',
        async handler(ctx) {
          try {
            await load();
          } catch (e) {
            mod.logger.log(-1, `cannot reload the domain table (${describeDb(shared.settings)}): ${e instanceof Error ? e.message : String(e)}`);
            throw ctx.fault(500, 'Domain table reload failed');
          }
          return {};
        },
      },
      { name: 'domain.dump', doc: 'Print the domains and the attribute names of each did.', handler: () => domainDump(tables) },
    ];
    return {
      functions,
      rpc,
      init: load,
      stop: () => shared.close(),
    };
  },
};
