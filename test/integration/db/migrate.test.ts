import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Knex } from 'knex';
import { loadRc } from '../../../src/config/rc-load.js';
import { migrateDb, type Migration } from '../../../src/db/migrations.js';
import { dbSettings } from '../../../src/db/settings.js';
import { AppError } from '../../../src/errors.js';
import { ENGINES, testDb } from '../../support/db.js';
import { cleanEnv, runSipctl } from '../../support/sipctl.js';

/** A synthetic upgrade: speed_dial version 1 lacked the description column. */
const addDescription: Migration = {
  table: 'speed_dial',
  from: 1,
  to: 2,
  description: 'add description',
  up: async (db) => {
    await db.schema.alterTable('speed_dial', (t) => {
      t.string('description', 64).notNullable().defaultTo('');
    });
  },
};

for (const engine of ENGINES) {
  describe(`db migrate on ${engine}`, () => {
    it('upgrades an older table along its chain, refuses when any table has no path, and changes nothing then', async (t) => {
      const tdb = await testDb(t, engine);
      if (tdb === undefined) return;
      try {
        const env = cleanEnv(tdb.env);
        assert.equal((await runSipctl(['db', 'create', '--no-presence', '--no-extra', '--no-uid'], { env, cwd: tdb.dir })).code, 0);
        const settings = dbSettings(loadRc({ env: tdb.env, home: tdb.dir, cwd: tdb.dir }));
        const db = await tdb.admin();
        // Make speed_dial look like version 1.
        await db.schema.alterTable('speed_dial', (tb) => {
          tb.dropColumn('description');
        });
        await db('version').where('table_name', 'speed_dial').update({ table_version: 1 });
        const status = await runSipctl(['db', 'status'], { env, cwd: tdb.dir });
        assert.equal(status.code, 10);
        assert.match(status.stdout, /speed_dial .*│ 1 .*│ 2 .*│ old/);

        // A second old table without any upgrade blocks the whole run.
        await db('version').where('table_name', 'location').update({ table_version: 7 });
        await assert.rejects(migrateDb(settings, { migrations: [addDescription] }), (e: unknown) => e instanceof AppError && e.code === 'E_DB_VERSION' && /location \(version 7, expected 9/.test(e.message));
        assert.equal(await versionOf(db, 'speed_dial'), 1, 'nothing may change when a table is blocked');
        assert.equal(await db.schema.hasColumn('speed_dial', 'description'), false);

        await db('version').where('table_name', 'location').update({ table_version: 9 });
        const dry = await migrateDb(settings, { migrations: [addDescription], dryRun: true });
        assert.deepEqual(dry.steps, [{ table: 'speed_dial', from: 1, to: 2, description: 'add description' }]);
        assert.equal(await versionOf(db, 'speed_dial'), 1);

        const done = await migrateDb(settings, { migrations: [addDescription] });
        assert.equal(done.steps.length, 1);
        assert.equal(await versionOf(db, 'speed_dial'), 2);
        assert.equal(await db.schema.hasColumn('speed_dial', 'description'), true);
        const after = await runSipctl(['db', 'status', '--json'], { env, cwd: tdb.dir });
        assert.equal(after.code, 0, after.stdout);
        const again = await runSipctl(['db', 'migrate'], { env, cwd: tdb.dir });
        assert.equal(again.code, 0);
        assert.match(again.stdout, /every table is current/);
      } finally {
        await tdb.cleanup();
      }
    });
  });
}

async function versionOf(db: Knex, table: string): Promise<number> {
  const row: unknown = await db('version').where('table_name', table).first('table_version');
  return typeof row === 'object' && row !== null && 'table_version' in row ? Number(row.table_version) : NaN;
}
