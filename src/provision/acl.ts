/** kamctl acl grant/revoke on the grp table, with all-or-nothing writes. */
import type { Knex } from 'knex';
import { GrpRepo, type GrpRow } from '../db/repos/grp.js';
import { SubscriberRepo, type SubscriberKey } from '../db/repos/subscriber.js';
import { AppError } from '../errors.js';
import { isUniqueViolation, sqlNow } from './db-conflict.js';
import type { ProvisionTables } from './subscriber.js';
import { formatUserDomain } from './validate/user-domain.js';

export interface GrantOptions {
  /** VERIFY_USER: ask before granting to someone who is not a local subscriber. */
  readonly verifyUser: boolean;
  /** Asks the question; false declines. */
  readonly confirmForeign: (question: string) => Promise<boolean>;
}

export interface GrantOutcome {
  readonly granted: readonly string[];
  readonly subscriberExists: boolean;
  readonly rows: readonly GrpRow[];
}

export async function grantGroups(db: Knex, tables: ProvisionTables, key: SubscriberKey, groups: readonly string[], opts: GrantOptions): Promise<GrantOutcome> {
  const who = formatUserDomain(key);
  const unique = [...new Set(groups)];
  const subscriberExists = await new SubscriberRepo(db, tables.subscriber).exists(key);
  if (!subscriberExists && opts.verifyUser && !(await opts.confirmForeign(`${who} is not a local subscriber. Grant anyway?`))) {
    throw new AppError('E_ABORTED', `nothing granted: ${who} is not a local subscriber`);
  }
  try {
    return await db.transaction(async (trx) => {
      const repo = new GrpRepo(trx, tables.grp);
      const held = await repo.groupsOf(key);
      const already = unique.filter((g) => held.includes(g));
      if (already.length > 0) throw new AppError('E_EXISTS', `${who} is already in ${already.join(', ')}; nothing granted`);
      await repo.grant(key, unique, sqlNow());
      return { granted: unique, subscriberExists, rows: await repo.list(key) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('E_EXISTS', `${who} is already in one of ${unique.join(', ')}; nothing granted`, { cause: err });
    throw err;
  }
}

export async function revokeGroups(db: Knex, tables: ProvisionTables, key: SubscriberKey, group: string | undefined): Promise<{ revoked: number; rows: GrpRow[] }> {
  return db.transaction(async (trx) => {
    const repo = new GrpRepo(trx, tables.grp);
    const revoked = await repo.revoke(key, group === undefined ? undefined : [group]);
    if (revoked === 0) throw new AppError('E_NOT_FOUND', group === undefined ? `${formatUserDomain(key)} is in no ACL group` : `${formatUserDomain(key)} is not in ACL group ${group}`);
    return { revoked, rows: await repo.list(key) };
  });
}
