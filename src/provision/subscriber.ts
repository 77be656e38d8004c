/**
 * Subscriber provisioning with kamctl's semantics and without its gaps: add refuses an
 * existing account or alias, passwd and rm refuse a missing one, rm removes the user's ACL
 * groups and aliases with it, all in one transaction each.
 */
import type { Knex } from 'knex';
import { DbAliasesRepo } from '../db/repos/dbaliases.js';
import { GrpRepo } from '../db/repos/grp.js';
import { SubscriberRepo, type SubscriberCredentials, type SubscriberKey, type SubscriberRow } from '../db/repos/subscriber.js';
import { AppError } from '../errors.js';
import { isUniqueViolation } from './db-conflict.js';
import { formatUserDomain } from './validate/user-domain.js';

/** Table names, from the rc keys kamctl has for them (SUB_TABLE, ACL_TABLE, DA_TABLE …). */
export interface ProvisionTables {
  readonly subscriber: string;
  readonly grp: string;
  readonly dbaliases: string;
  readonly speedDial: string;
  readonly usrPreferences: string;
}

export const DEFAULT_TABLES: ProvisionTables = { subscriber: 'subscriber', grp: 'grp', dbaliases: 'dbaliases', speedDial: 'speed_dial', usrPreferences: 'usr_preferences' };

export async function addSubscriber(db: Knex, tables: ProvisionTables, key: SubscriberKey, creds: SubscriberCredentials): Promise<void> {
  const who = formatUserDomain(key);
  try {
    await db.transaction(async (trx) => {
      const subscribers = new SubscriberRepo(trx, tables.subscriber);
      if (await subscribers.exists(key)) throw new AppError('E_EXISTS', `subscriber ${who} already exists`);
      const aliases = await new DbAliasesRepo(trx, tables.dbaliases).findAlias(key);
      const first = aliases[0];
      if (first !== undefined) throw new AppError('E_EXISTS', `${who} already exists as an alias of ${formatUserDomain(first.target)}`);
      await subscribers.insert({ ...key, ...creds });
    });
  } catch (err) {
    // Another writer added the same account between our check and the insert.
    if (isUniqueViolation(err)) throw new AppError('E_EXISTS', `subscriber ${who} already exists`, { cause: err });
    throw err;
  }
}

export async function changePassword(db: Knex, tables: ProvisionTables, key: SubscriberKey, creds: SubscriberCredentials): Promise<void> {
  const n = await new SubscriberRepo(db, tables.subscriber).setCredentials(key, creds);
  if (n === 0) throw new AppError('E_NOT_FOUND', `subscriber ${formatUserDomain(key)} does not exist`);
}

export interface RemovedSubscriber {
  readonly groups: number;
  readonly aliases: number;
}

/** Deletes the subscriber, its grp rows and the dbaliases rows that point at it, together. */
export async function removeSubscriber(db: Knex, tables: ProvisionTables, key: SubscriberKey): Promise<RemovedSubscriber> {
  return db.transaction(async (trx) => {
    const subscribers = new SubscriberRepo(trx, tables.subscriber);
    if (!(await subscribers.exists(key))) throw new AppError('E_NOT_FOUND', `subscriber ${formatUserDomain(key)} does not exist`);
    const groups = await new GrpRepo(trx, tables.grp).revoke(key);
    const aliases = await new DbAliasesRepo(trx, tables.dbaliases).removeTarget(key);
    await subscribers.remove(key);
    return { groups, aliases };
  });
}

export async function findSubscriber(db: Knex, tables: ProvisionTables, key: SubscriberKey): Promise<SubscriberRow> {
  const row = await new SubscriberRepo(db, tables.subscriber).find(key);
  if (row === undefined) throw new AppError('E_NOT_FOUND', `subscriber ${formatUserDomain(key)} does not exist`);
  return row;
}
