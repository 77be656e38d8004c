/**
 * Subscriber provisioning with kamctl's semantics and without its gaps: add refuses an
 * existing account or alias (ALIASES_TYPE: in dbaliases, or in the running server's usrloc), passwd and rm refuse a missing one, rm removes the user's ACL
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

/** The values of the ALIASES_TYPE rc key. */
export const ALIASES_TYPES = ['DB', 'UL'] as const;
export type AliasesType = (typeof ALIASES_TYPES)[number];

/**
 * ALIASES_TYPE, checked. kamctl checks no alias when the key is unset; sipctl then checks
 * dbaliases, as with DB, so an add never shadows an alias of the database.
 */
export function parseAliasesType(value: string | undefined): AliasesType {
  if (value === undefined || value === '') return 'DB';
  const found = ALIASES_TYPES.find((t) => t === value.toUpperCase());
  if (found === undefined) throw new AppError('E_RC_VALUE', `ALIASES_TYPE=${value}: use DB (the dbaliases table) or UL (usrloc aliases of the running server)`);
  return found;
}

/**
 * Where add looks for an alias of the new name: dbaliases, in the add's own transaction; or
 * the running server's usrloc (ALIASES_TYPE=UL), asked before the transaction by `isAlias`.
 */
export type AliasCheck =
  | { readonly type: 'DB' }
  | { readonly type: 'UL'; readonly table: string; readonly isAlias: (alias: SubscriberKey) => Promise<boolean> };

export async function addSubscriber(db: Knex, tables: ProvisionTables, key: SubscriberKey, creds: SubscriberCredentials, aliases: AliasCheck): Promise<void> {
  const who = formatUserDomain(key);
  if (aliases.type === 'UL' && (await aliases.isAlias(key))) {
    throw new AppError('E_EXISTS', `${who} already exists as an alias in the server's usrloc table ${aliases.table} (ALIASES_TYPE=UL)`);
  }
  try {
    await db.transaction(async (trx) => {
      const subscribers = new SubscriberRepo(trx, tables.subscriber);
      if (await subscribers.exists(key)) throw new AppError('E_EXISTS', `subscriber ${who} already exists`);
      if (aliases.type === 'DB') {
        const first = (await new DbAliasesRepo(trx, tables.dbaliases).findAlias(key))[0];
        if (first !== undefined) throw new AppError('E_EXISTS', `${who} already exists as an alias of ${formatUserDomain(first.target)}`);
      }
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
