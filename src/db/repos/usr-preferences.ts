/**
 * The avpops `usr_preferences` table (or another table of the same shape, kamctl's -T):
 * attribute/value pairs per user (username, domain) or per uuid.
 */
import type { Knex } from 'knex';
import { asRows } from '../rows.js';
import { columnText as s } from './subscriber.js';

export const USR_PREFERENCES_TABLE = 'usr_preferences';

/** 0 str:str, 1 str:int, 2 int:str, 3 int:int (name type : value type), as avpops reads it. */
export type AvpType = 0 | 1 | 2 | 3;

export interface AvpFilter {
  readonly uuid?: string;
  readonly username?: string;
  readonly domain?: string;
  readonly attribute?: string;
  readonly value?: string;
  readonly type?: AvpType;
}

export interface NewAvp {
  readonly uuid: string;
  readonly username: string;
  readonly domain: string;
  readonly attribute: string;
  readonly type: AvpType;
  readonly value: string;
  readonly lastModified: string;
}

export interface AvpRow extends NewAvp {
  readonly id: number;
}


function asAvpType(v: unknown): AvpType {
  const n = Number(v);
  return n === 1 || n === 2 || n === 3 ? n : 0;
}

export class UsrPreferencesRepo {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    readonly table: string = USR_PREFERENCES_TABLE,
  ) {}

  private where(q: Knex.QueryBuilder, f: AvpFilter): Knex.QueryBuilder {
    const w: Record<string, string | number> = {};
    if (f.uuid !== undefined) w['uuid'] = f.uuid;
    if (f.username !== undefined) w['username'] = f.username;
    if (f.domain !== undefined) w['domain'] = f.domain;
    if (f.attribute !== undefined) w['attribute'] = f.attribute;
    if (f.value !== undefined) w['value'] = f.value;
    if (f.type !== undefined) w['type'] = f.type;
    return q.where(w);
  }

  async list(filter: AvpFilter = {}): Promise<AvpRow[]> {
    const rows: unknown = await this.where(this.db(this.table).select('id', 'uuid', 'username', 'domain', 'attribute', 'type', 'value', 'last_modified').orderBy('id'), filter);
    return asRows(rows).map((r) => ({
      id: Number(r['id']),
      uuid: s(r['uuid']),
      username: s(r['username']),
      domain: s(r['domain']),
      attribute: s(r['attribute']),
      type: asAvpType(r['type']),
      value: s(r['value']),
      lastModified: s(r['last_modified']),
    }));
  }

  async add(row: NewAvp): Promise<void> {
    await this.db(this.table).insert({ uuid: row.uuid, username: row.username, domain: row.domain, attribute: row.attribute, type: row.type, value: row.value, last_modified: row.lastModified });
  }

  /** Deletes the rows the filter matches; an empty filter matches every row. */
  async remove(filter: AvpFilter): Promise<number> {
    const n: unknown = await this.where(this.db(this.table), filter).del();
    return Number(n);
  }
}
