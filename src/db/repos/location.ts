/**
 * The usrloc location table as the database holds it (db_mode 1–3): clearing rows whose
 * registration expired long ago, which Kamailio leaves behind after a crash or a change of
 * db_mode.
 */
import type { Knex } from 'knex';
import { localTimestamp } from './table-row.js';

/**
 * usrloc stores a permanent contact (expires 0) as the epoch in local time, 1970-01-01 at
 * some hour. Rows before this bound are permanent, never stale; kamctl's dbclean deletes
 * them with the rest.
 */
export const PERMANENT_BEFORE = '1970-01-02 00:00:00';

export interface LocationCleanResult {
  readonly deleted: number;
  /** Rows whose expires is before this local time were deleted. */
  readonly expiredBefore: string;
}

/** Deletes rows that expired more than `seconds` ago (kamctl's default 3600), keeping permanent ones. */
export async function deleteExpiredLocations(db: Knex, seconds: number, now: Date = new Date()): Promise<LocationCleanResult> {
  const expiredBefore = localTimestamp(new Date(now.getTime() - seconds * 1000));
  const deleted = await db('location').where('expires', '<', expiredBefore).andWhere('expires', '>=', PERMANENT_BEFORE).delete();
  return { deleted, expiredBefore };
}
