/** The speeddial module's `speed_dial` table: a user's short numbers and where they lead. */
import type { Knex } from 'knex';
import { asRows } from '../rows.js';
import { columnText as s } from './subscriber.js';

export const SPEED_DIAL_TABLE = 'speed_dial';

export interface UserAtDomain {
  readonly username: string;
  readonly domain: string;
}

export interface SpeedDialRow {
  readonly id: number;
  readonly owner: UserAtDomain;
  /** The short number, as user@domain (sd_username, sd_domain). */
  readonly shortNumber: UserAtDomain;
  readonly newUri: string;
  readonly description: string;
}

export interface NewSpeedDial {
  readonly owner: UserAtDomain;
  readonly shortNumber: UserAtDomain;
  readonly newUri: string;
  readonly description: string;
}


export class SpeedDialRepo {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    readonly table: string = SPEED_DIAL_TABLE,
  ) {}

  private async select(where: Record<string, string>): Promise<SpeedDialRow[]> {
    const rows: unknown = await this.db(this.table).select('id', 'username', 'domain', 'sd_username', 'sd_domain', 'new_uri', 'description').where(where).orderBy('id');
    return asRows(rows).map((r) => ({
      id: Number(r['id']),
      owner: { username: s(r['username']), domain: s(r['domain']) },
      shortNumber: { username: s(r['sd_username']), domain: s(r['sd_domain']) },
      newUri: s(r['new_uri']),
      description: s(r['description']),
    }));
  }

  /** Every entry with this short number, whoever owns it (kamctl speeddial show). */
  findShortNumber(sd: UserAtDomain): Promise<SpeedDialRow[]> {
    return this.select({ sd_username: sd.username, sd_domain: sd.domain });
  }

  find(owner: UserAtDomain, sd: UserAtDomain): Promise<SpeedDialRow[]> {
    return this.select({ username: owner.username, domain: owner.domain, sd_username: sd.username, sd_domain: sd.domain });
  }

  /** sd_lookup: the owner's entries for a short number; domains are matched only when given (use_domain 1). */
  lookup(owner: string, ownerDomain: string | null, sd: string, sdDomain: string | null): Promise<SpeedDialRow[]> {
    const where: Record<string, string> = { username: owner, sd_username: sd };
    if (ownerDomain !== null) where['domain'] = ownerDomain;
    if (sdDomain !== null) where['sd_domain'] = sdDomain;
    return this.select(where);
  }

  list(owner?: UserAtDomain): Promise<SpeedDialRow[]> {
    return this.select(owner === undefined ? {} : { username: owner.username, domain: owner.domain });
  }

  async add(row: NewSpeedDial): Promise<void> {
    await this.db(this.table).insert({
      username: row.owner.username,
      domain: row.owner.domain,
      sd_username: row.shortNumber.username,
      sd_domain: row.shortNumber.domain,
      new_uri: row.newUri,
      description: row.description,
    });
  }

  remove(owner: UserAtDomain, sd: UserAtDomain): Promise<number> {
    return this.db(this.table).where({ username: owner.username, domain: owner.domain, sd_username: sd.username, sd_domain: sd.domain }).del();
  }
}
