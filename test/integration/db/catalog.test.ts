/**
 * The schema contract of DESIGN.md §1: `sipctl db create --all`, run as the real binary,
 * leaves the same tables, columns, types, defaults, keys, indexes and version rows as the
 * real `kamdbctl create` of Kamailio 5.6 (the reference in shared/reference/schema). The
 * database is read back through the engine's own catalog, never through sipctl's schema.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES, testDb, type TestEngine } from '../../support/db.js';
import { cleanEnv, runSipctl } from '../../support/sipctl.js';
import { compareWithReference, describeDifferences, readCatalog } from './live-catalog.js';
import { loadReference } from './reference-schema.js';

/** Statements that each break one thing the comparison must notice, and what it must say. */
const BREAKAGES: Readonly<Record<TestEngine, { sql: readonly string[]; expect: readonly RegExp[] }>> = {
  mysql: {
    sql: [
      "ALTER TABLE subscriber MODIFY username varchar(63) NOT NULL DEFAULT ''",
      "ALTER TABLE location MODIFY q float(10,2) NOT NULL DEFAULT '0.5'",
      'ALTER TABLE location DROP INDEX expires_idx',
      'ALTER TABLE location RENAME INDEX ruid_idx TO ruid_key',
      "UPDATE version SET table_version = 8 WHERE table_name = 'location'",
    ],
    expect: [/^subscriber\.username: type "varchar\(63\)", expected "varchar\(64\)"$/, /^subscriber\.username: length 63, expected 64$/, /^location\.q: default "0\.50", expected "1\.00"$/, /^location: index missing on \(expires\)$/, /^location: unique key on \(ruid\) is named "ruid_key", expected "ruid_idx"$/, /^version: rows missing: location=9$/, /^version: rows not in Kamailio's: location=8$/],
  },
  pgsql: {
    sql: [
      'ALTER TABLE subscriber ALTER COLUMN username TYPE varchar(63)',
      'ALTER TABLE location ALTER COLUMN q SET DEFAULT 0.5',
      'DROP INDEX location_expires_idx',
      'ALTER INDEX location_ruid_idx RENAME TO location_ruid_key',
      "UPDATE version SET table_version = 8 WHERE table_name = 'location'",
    ],
    expect: [/^subscriber\.username: type "character varying\(63\)", expected "character varying\(64\)"$/, /^subscriber\.username: length 63, expected 64$/, /^location\.q: default "0\.5", expected "1\.0"$/, /^location: index missing on \(expires\)$/, /^location: unique key on \(ruid\) is named "location_ruid_key", expected "location_ruid_idx"$/, /^version: rows missing: location=9$/, /^version: rows not in Kamailio's: location=8$/],
  },
  sqlite: {
    // SQLite cannot alter a column in place: rebuild one table with a changed definition.
    sql: [
      'DROP TABLE pdt',
      "CREATE TABLE pdt (id INTEGER PRIMARY KEY NOT NULL, sdomain VARCHAR(128) NOT NULL, prefix VARCHAR(32), domain VARCHAR(255) DEFAULT 'x' NOT NULL, extra TEXT)",
      'DROP INDEX location_expires_idx',
      "UPDATE version SET table_version = 8 WHERE table_name = 'location'",
    ],
    expect: [
      /^pdt: columns \["id","sdomain","prefix","domain","extra"\], expected \["id","sdomain","prefix","domain"\]$/,
      /^pdt\.sdomain: type "VARCHAR\(128\)", expected "VARCHAR\(255\)"$/,
      /^pdt\.sdomain: length 128, expected 255$/,
      /^pdt\.prefix: NULL, expected NOT NULL$/,
      /^pdt\.domain: default "'x'", expected "''"$/,
      /^pdt: unique key missing on \(sdomain,prefix\)$/,
      /^location: index missing on \(expires\)$/,
      /^version: rows missing: location=9$/,
      /^version: rows not in Kamailio's: location=8$/,
    ],
  },
};

describe('db create --all makes the Kamailio 5.6 schema', () => {
  for (const engine of ENGINES) {
    it(`${engine}: the live catalog equals kamdbctl's, and a changed database is reported`, async (t) => {
      const db = await testDb(t, engine);
      if (db === undefined) return;
      try {
        const run = await runSipctl(['db', 'create', '--all', '--yes', '--json'], { env: cleanEnv(db.env) });
        assert.equal(run.code, 0, `db create failed: ${run.stderr}${run.stdout}`);
        const ref = loadReference();
        assert.equal(ref.tables.length, 70, 'the reference lists 70 tables');
        const admin = await db.admin();

        const live = await readCatalog(admin, engine);
        const diffs = compareWithReference(live, ref);
        assert.deepEqual(diffs, [], describeDifferences(engine, diffs));
        assert.equal(live.tables.length, 70);

        // The comparison can fail: break the database on purpose and expect each breakage reported.
        const breakage = BREAKAGES[engine];
        for (const sql of breakage.sql) await admin.raw(sql);
        const broken = compareWithReference(await readCatalog(admin, engine), ref);
        for (const re of breakage.expect) {
          assert.ok(
            broken.some((d) => re.test(d)),
            `the comparison did not report ${String(re)}; it reported:\n  ${broken.join('\n  ')}`,
          );
        }
        assert.equal(broken.length, breakage.expect.length, `unexpected extra differences:\n  ${broken.join('\n  ')}`);
      } finally {
        await db.cleanup();
      }
    });
  }
});
