/**
 * Table upgrades. Kamailio records each table's schema version in the `version` table,
 * so that table is the migration ledger: a migration moves one table from one version to
 * the next and updates its row. No other bookkeeping table is added, so a database stays
 * exactly Kamailio's.
 *
 * Each migration carries its own frozen statements; it never reads schema/, which
 * describes only the newest version. SCHEMA_HASH pins schema/ to the migrations: change a
 * table definition and the schema-integrity test fails until a migration for it is added
 * here and the hash is updated.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { SCHEMA_MODULES } from '../../schema/index.js';
import type { SchemaModule } from '../../schema/types.js';
import { AppError } from '../errors.js';
import { connect, dbError } from './connect.js';
import { describeDb, type DbSettings, type Engine } from './settings.js';
import { listTables, readVersions, TABLE_BY_NAME } from './tables.js';

export interface Migration {
  readonly table: string;
  readonly from: number;
  readonly to: number;
  readonly description: string;
  up(db: Knex, engine: Engine): Promise<void>;
}

/** Kamailio 5.6 is the first schema sipctl writes: no upgrade is known yet. */
export const MIGRATIONS: readonly Migration[] = [];

export const SCHEMA_HASH = '8487483b5aaa987abfb4d2ac8f786fb49a168861885fcaf21d5ae4ba7d842ede';

export function schemaHash(modules: readonly SchemaModule[] = SCHEMA_MODULES): string {
  return crypto.createHash('sha256').update(JSON.stringify(modules)).digest('hex');
}

export interface MigrationStep {
  readonly table: string;
  readonly from: number;
  readonly to: number;
  readonly description: string;
}

export interface BlockedTable {
  readonly table: string;
  readonly version: number;
  readonly expected: number;
  readonly why: string;
}

export interface MigrationPlan {
  readonly steps: MigrationStep[];
  readonly blocked: BlockedTable[];
}

/** The chain of migrations that brings each present table from its version row to the expected version. */
export function planMigrations(versions: ReadonlyMap<string, number>, present: ReadonlySet<string>, migrations: readonly Migration[]): { plan: MigrationPlan; chain: Migration[] } {
  const steps: MigrationStep[] = [];
  const chain: Migration[] = [];
  const blocked: BlockedTable[] = [];
  for (const [table, version] of versions) {
    const def = TABLE_BY_NAME.get(table);
    if (def === undefined || !present.has(table) || version === def.version) continue;
    if (version > def.version) {
      blocked.push({ table, version, expected: def.version, why: 'newer than Kamailio 5.6; sipctl does not downgrade' });
      continue;
    }
    const path: Migration[] = [];
    let v = version;
    while (v < def.version) {
      const next = migrations.find((m) => m.table === table && m.from === v);
      if (next === undefined || next.to <= v) break;
      path.push(next);
      v = next.to;
    }
    if (v !== def.version) {
      blocked.push({ table, version, expected: def.version, why: `no migration from version ${String(v)}` });
      continue;
    }
    chain.push(...path);
    steps.push(...path.map((m) => ({ table: m.table, from: m.from, to: m.to, description: m.description })));
  }
  return { plan: { steps, blocked }, chain };
}

export interface MigrateResult {
  readonly database: string;
  readonly dryRun: boolean;
  readonly steps: MigrationStep[];
}

/**
 * Applies the plan. Refuses to start when any table cannot be brought up to date, so the
 * database is never left half-migrated by a known gap. Each step and its version row
 * update is one transaction (on MySQL, DDL commits by itself; the row follows it).
 */
export async function migrateDb(s: DbSettings, opts: { dryRun?: boolean; migrations?: readonly Migration[] } = {}): Promise<MigrateResult> {
  const db = await connect(s, 'root');
  try {
    const present = await listTables(db, s.engine);
    const versions = await readVersions(db, present);
    const { plan, chain } = planMigrations(versions, present, opts.migrations ?? MIGRATIONS);
    if (plan.blocked.length > 0) {
      const list = plan.blocked.map((b) => `${b.table} (version ${String(b.version)}, expected ${String(b.expected)}: ${b.why})`).join('; ');
      throw new AppError('E_DB_VERSION', `cannot migrate ${describeDb(s)}: ${list}; nothing was changed`);
    }
    if (opts.dryRun !== true) {
      for (const m of chain) {
        const step = async (trx: Knex) => {
          await m.up(trx, s.engine);
          await trx('version').where('table_name', m.table).update({ table_version: m.to });
        };
        if (s.engine === 'mysql') await step(db);
        else await db.transaction(step);
      }
    }
    return { database: describeDb(s), dryRun: opts.dryRun === true, steps: plan.steps };
  } catch (err) {
    throw dbError(err, s);
  } finally {
    await db.destroy();
  }
}
