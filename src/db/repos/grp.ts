/** The group module's `grp` table: the ACL groups (kamctl acl) each user belongs to. */
import type { Knex } from 'knex';
import { asRows } from '../rows.js';
import { columnText as s } from './subscriber.js';

export const GRP_TABLE = 'grp';

export interface GrpKey {
  readonly username: string;
  readonly domain: string;
}

export interface GrpRow extends GrpKey {
  readonly id: number;
  readonly grp: string;
  /** 'YYYY-MM-DD HH:MM:SS', as Kamailio writes it. */
  readonly lastModified: string;
}


export class GrpRepo {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    readonly table: string = GRP_TABLE,
  ) {}

  async list(user?: GrpKey): Promise<GrpRow[]> {
    const q = this.db(this.table).select('id', 'username', 'domain', 'grp', 'last_modified').orderBy(['username', 'domain', 'grp']);
    if (user !== undefined) void q.where({ username: user.username, domain: user.domain });
    const rows: unknown = await q;
    return asRows(rows).map((r) => ({ id: Number(r['id']), username: s(r['username']), domain: s(r['domain']), grp: s(r['grp']), lastModified: s(r['last_modified']) }));
  }

  async groupsOf(user: GrpKey): Promise<string[]> {
    return (await this.list(user)).map((r) => r.grp);
  }

  async grant(user: GrpKey, groups: readonly string[], lastModified: string): Promise<void> {
    if (groups.length === 0) return;
    await this.db(this.table).insert(groups.map((grp) => ({ username: user.username, domain: user.domain, grp, last_modified: lastModified })));
  }

  /** Removes the named groups of a user, or all of them when `groups` is undefined. */
  async revoke(user: GrpKey, groups?: readonly string[]): Promise<number> {
    const q = this.db(this.table).where({ username: user.username, domain: user.domain });
    if (groups !== undefined) void q.whereIn('grp', [...groups]);
    return q.del();
  }
}
