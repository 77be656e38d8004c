/** alias_db provisioning: an alias must not collide with another alias or with a subscriber. */
import type { Knex } from 'knex';
import { DbAliasesRepo } from '../db/repos/dbaliases.js';
import { SubscriberRepo, type SubscriberKey } from '../db/repos/subscriber.js';
import { AppError } from '../errors.js';
import type { ProvisionTables } from './subscriber.js';
import { formatUserDomain } from './validate/user-domain.js';

export async function addAlias(db: Knex, tables: ProvisionTables, alias: SubscriberKey, target: SubscriberKey): Promise<void> {
  await db.transaction(async (trx) => {
    const repo = new DbAliasesRepo(trx, tables.dbaliases);
    const existing = (await repo.findAlias(alias))[0];
    if (existing !== undefined) throw new AppError('E_EXISTS', `alias ${formatUserDomain(alias)} already exists (→ ${formatUserDomain(existing.target)})`);
    if (await new SubscriberRepo(trx, tables.subscriber).exists(alias)) throw new AppError('E_EXISTS', `${formatUserDomain(alias)} is a subscriber and cannot also be an alias`);
    await repo.add(alias, target);
  });
}
