/** The alias_db module's `dbaliases` table: alias user@domain → the subscriber it stands for. */
import type { Knex } from 'knex';
import { asRows } from '../rows.js';
import { columnText as s } from './subscriber.js';

export const DBALIASES_TABLE = 'dbaliases';

export interface UserAtDomain {
  readonly username: string;
  readonly domain: string;
}

export interface DbAliasRow {
  readonly id: number;
  readonly alias: UserAtDomain;
  readonly target: UserAtDomain;
}


export class DbAliasesRepo {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    readonly table: string = DBALIASES_TABLE,
  ) {}

  private async select(where: Record<string, string>): Promise<DbAliasRow[]> {
    const rows: unknown = await this.db(this.table).select('id', 'alias_username', 'alias_domain', 'username', 'domain').where(where).orderBy('id');
    return asRows(rows).map((r) => ({
      id: Number(r['id']),
      alias: { username: s(r['alias_username']), domain: s(r['alias_domain']) },
      target: { username: s(r['username']), domain: s(r['domain']) },
    }));
  }

  /** The rows of one alias (normally one; the table has no unique key). */
  findAlias(alias: UserAtDomain): Promise<DbAliasRow[]> {
    return this.select({ alias_username: alias.username, alias_domain: alias.domain });
  }

  /** alias_db_lookup: the rows of an alias user, in the alias domain too unless it is null (use_domain 0). */
  lookup(username: string, domain: string | null): Promise<DbAliasRow[]> {
    return this.select(domain === null ? { alias_username: username } : { alias_username: username, alias_domain: domain });
  }

  /** The aliases of one subscriber, or every alias. */
  list(target?: UserAtDomain): Promise<DbAliasRow[]> {
    return this.select(target === undefined ? {} : { username: target.username, domain: target.domain });
  }

  async add(alias: UserAtDomain, target: UserAtDomain): Promise<void> {
    await this.db(this.table).insert({ alias_username: alias.username, alias_domain: alias.domain, username: target.username, domain: target.domain });
  }

  removeAlias(alias: UserAtDomain): Promise<number> {
    return this.db(this.table).where({ alias_username: alias.username, alias_domain: alias.domain }).del();
  }

  /** Every alias that points at a subscriber (kamctl rm does this). */
  removeTarget(target: UserAtDomain): Promise<number> {
    return this.db(this.table).where({ username: target.username, domain: target.domain }).del();
  }
}
