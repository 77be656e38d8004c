/**
 * Subscriber provisioning with kamctl's semantics and without its gaps: add refuses an
 * existing account or alias (ALIASES_TYPE: in dbaliases, or in the running server's usrloc), passwd and rm refuse a missing one, rm removes the user's ACL
 * groups and aliases with it, all in one transaction each.
 */
import type { Knex } from 'knex';
import { DbAliasesRepo } from '../db/repos/dbaliases.js';
import { GrpRepo } from '../db/repos/grp.js';
import { SubscriberRepo, type ColumnValue, type SubscriberCredentials, type SubscriberKey, type SubscriberRow } from '../db/repos/subscriber.js';
import { AppError } from '../errors.js';
import { isUniqueViolation } from './db-conflict.js';
import { formatUserDomain } from './validate/user-domain.js';
import { checkText, quote } from './validate/validation.js';

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

/** Columns that set must not touch: the key, and the credentials that passwd keeps consistent. */
const PROTECTED_COLUMNS = ['id', 'username', 'domain', 'password', 'ha1', 'ha1b'];
const CREDENTIAL_COLUMNS = ['password', 'ha1', 'ha1b'];
const NUMERIC_TYPE = /int|numeric|decimal|float|double|real/;
const WHOLE_NUMBER = /^-?\d{1,18}$/;

/**
 * What the value of set is: `text` takes whatever fits the column (kamctl sets); `number` takes
 * only a whole number (kamctl setn). Either way a numeric column takes only a whole number.
 */
export type SetValueKind = 'text' | 'number';

/**
 * Sets one column of a subscriber row (kamctl sets/setn, without their pasted SQL): the column
 * must exist in the live table and be no key or credential column; the value is checked against
 * the column's type, length and nullability, and bound. `value` null stores NULL.
 */
export async function setSubscriberColumn(db: Knex, tables: ProvisionTables, key: SubscriberKey, column: string, value: string | null, kind: SetValueKind): Promise<ColumnValue> {
  if (PROTECTED_COLUMNS.includes(column)) throw new AppError('E_USAGE', `COLUMN: ${column} cannot be set this way${CREDENTIAL_COLUMNS.includes(column) ? '; use sipctl subscriber passwd' : ''}`);
  if (kind === 'number' && value !== null && !WHOLE_NUMBER.test(value)) throw new AppError('E_USAGE', `VALUE: ${quote(value)} is not a whole number (setn sets numbers; use sets for text)`);
  const repo = new SubscriberRepo(db, tables.subscriber);
  const info = (await repo.columns()).get(column);
  if (info === undefined) throw new AppError('E_USAGE', `COLUMN: the ${tables.subscriber} table has no column ${quote(column)}`);
  let stored: ColumnValue = null;
  if (value === null) {
    if (!info.nullable) throw new AppError('E_USAGE', `${column} does not allow NULL`);
  } else if (NUMERIC_TYPE.test(info.type)) {
    if (!WHOLE_NUMBER.test(value)) throw new AppError('E_USAGE', `VALUE: ${column} is numeric (${info.type}); ${quote(value)} is not a whole number`);
    stored = Number(value);
  } else {
    stored = checkText('VALUE', value, info.maxLength ?? Number.MAX_SAFE_INTEGER, { allowEmpty: true });
  }
  if ((await repo.setColumn(key, column, stored)) === 0) throw new AppError('E_NOT_FOUND', `subscriber ${formatUserDomain(key)} does not exist`);
  return stored;
}
