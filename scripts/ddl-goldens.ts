/**
 * The DDL each engine gets for each schema module, rendered offline (no database needed).
 * scripts/gen-ddl-goldens.ts writes them to test/fixtures/ddl/; a test compares.
 */
import path from 'node:path';
import knex from 'knex';
import { SCHEMA_MODULES } from '../schema/index.js';
import { createTableSql } from '../src/db/ddl.js';
import { DIALECTS } from '../src/db/dialects/index.js';
import { KNEX_CLIENT } from '../src/db/connect.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { Engine } from '../src/db/settings.js';

export const DDL_DIR = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'ddl');
export const DDL_ENGINES: readonly Engine[] = ['sqlite', 'mysql', 'pgsql'];

/** file (relative to DDL_DIR) → SQL text */
export async function renderDdlGoldens(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const engine of DDL_ENGINES) {
    const k = knex({ client: KNEX_CLIENT[engine], useNullAsDefault: true });
    try {
      for (const m of SCHEMA_MODULES) {
        const sql = m.tables.flatMap((t) => createTableSql(k, DIALECTS[engine], t)).map((s) => `${s};\n`);
        out.set(path.join(engine, `${m.name}.sql`), sql.join(''));
      }
    } finally {
      await k.destroy();
    }
  }
  return out;
}
