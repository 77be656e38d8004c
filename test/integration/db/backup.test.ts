import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Knex } from 'knex';
import { TABLE_BY_NAME } from '../../../src/db/tables.js';
import { toCell, type CellValue } from '../../../src/db/transfer.js';
import { ENGINES, testDb, type TestDb } from '../../support/db.js';
import { runSipctl, cleanEnv } from '../../support/sipctl.js';

/** Every row of every Kamailio table but version, as portable cells. */
async function snapshot(db: Knex): Promise<Record<string, CellValue[][]>> {
  const out: Record<string, CellValue[][]> = {};
  for (const def of TABLE_BY_NAME.values()) {
    if (def.name === 'version') continue;
    const rows: unknown = await db(def.name).select(def.columns.map((c) => c.name)).orderBy(def.primaryKey);
    if (!Array.isArray(rows) || rows.length === 0) continue;
    out[def.name] = rows.map((r: Record<string, unknown>) => def.columns.map((c) => toCell(r[c.name])));
  }
  return out;
}

async function fill(db: Knex): Promise<void> {
  await db('subscriber').insert([
    { username: 'alice', domain: 'example.com', password: '', ha1: 'a'.repeat(32), ha1b: 'b'.repeat(32) },
    { username: "o'brien", domain: 'example.com', password: 'pw with space # and "quotes"', ha1: '', ha1b: '' },
    { username: 'ünïcødé', domain: '例え.jp', password: '', ha1: '', ha1b: '' },
  ]);
  await db('location').insert({ ruid: 'uloc-1', username: 'alice', contact: 'sip:alice@192.0.2.1:5060', expires: '2026-12-31 23:59:59', q: 0.5, path: null });
  await db('silo').insert({ src_addr: 'sip:a@b', body: Buffer.from([0, 1, 2, 255, 10, 13]) });
  await db('dispatcher').insert([
    { setid: 1, destination: 'sip:192.0.2.10:5060', flags: 0, priority: 0, attrs: 'weight=50', description: 'one' },
    { setid: 1, destination: 'sip:192.0.2.11:5060', flags: 0, priority: 1, attrs: '', description: 'two' },
  ]);
  await db('htable').insert({ key_name: 'k', key_value: 'v', expires: 0 });
}

function env(t: TestDb, extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv({ ...t.env, ...extra });
}

async function sipctl(t: TestDb, args: string[], extra: Record<string, string> = {}) {
  return runSipctl(args, { env: env(t, extra), cwd: t.dir });
}

for (const engine of ENGINES) {
  describe(`db backup / restore on ${engine}`, () => {
    it('backup → drop → create → restore gives back the same rows; a second restore is refused', async (t) => {
      const tdb = await testDb(t, engine);
      if (tdb === undefined) return;
      try {
        assert.equal((await sipctl(tdb, ['db', 'create', '--all'])).code, 0);
        let admin = await tdb.admin();
        await fill(admin);
        const before = await snapshot(admin);
        await admin.destroy();
        const file = path.join(tdb.dir, 'backup.jsonl.gz');
        const b = await sipctl(tdb, ['db', 'backup', file, '--json']);
        assert.equal(b.code, 0, b.stderr);
        const backup: unknown = JSON.parse(b.stdout);
        assert.ok(typeof backup === 'object' && backup !== null);
        assert.deepEqual({ ...backup, source: undefined }, { source: undefined, target: file, tables: 69, rows: 8 });
        assert.equal((await sipctl(tdb, ['db', 'drop', '--yes'])).code, 0);
        assert.equal((await sipctl(tdb, ['db', 'create', '--all'])).code, 0);
        const r = await sipctl(tdb, ['db', 'restore', file]);
        assert.equal(r.code, 0, r.stderr);
        admin = await tdb.admin();
        assert.deepEqual(await snapshot(admin), before);
        // New rows get fresh ids after the restored ones (sequences moved on PostgreSQL).
        await admin('subscriber').insert({ username: 'new', domain: 'example.com' });
        const ids: unknown = await admin('subscriber').select('id').orderBy('id');
        assert.deepEqual(ids, [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
        await admin.destroy();

        const again = await sipctl(tdb, ['db', 'restore', file, '--json']);
        assert.equal(again.code, 11);
        assert.match(again.stdout, /"code": "E_DB_NOT_EMPTY"/);
      } finally {
        await tdb.cleanup();
      }
    });

    it('a damaged backup is refused and leaves the target as it was', async (t) => {
      const tdb = await testDb(t, engine);
      if (tdb === undefined) return;
      try {
        assert.equal((await sipctl(tdb, ['db', 'create', '--all'])).code, 0);
        let admin = await tdb.admin();
        await fill(admin);
        await admin.destroy();
        const file = path.join(tdb.dir, 'backup.jsonl');
        assert.equal((await sipctl(tdb, ['db', 'backup', file])).code, 0);
        assert.equal((await sipctl(tdb, ['db', 'reinit', '--yes', '--all'])).code, 0);
        // Cut the last batch in half: every earlier batch is valid and gets inserted first.
        const text = fs.readFileSync(file, 'utf8');
        fs.writeFileSync(file, text.slice(0, text.length - 20));
        const r = await sipctl(tdb, ['db', 'restore', file]);
        assert.equal(r.code, 12, r.stderr);
        assert.match(r.stderr, /backup\.jsonl:\d+: not valid JSON/);
        admin = await tdb.admin();
        assert.deepEqual(await snapshot(admin), {});
        await admin.destroy();
        fs.writeFileSync(file, '{"hello": 1}\n');
        assert.equal((await sipctl(tdb, ['db', 'restore', file])).code, 12);
      } finally {
        await tdb.cleanup();
      }
    });
  });
}

describe('db copy', () => {
  it('SQLite → PostgreSQL → MariaDB keeps every row', async (t) => {
    const lite = await testDb(t, 'sqlite');
    const pg = await testDb(t, 'pgsql');
    const my = await testDb(t, 'mysql');
    try {
      if (lite === undefined || pg === undefined || my === undefined) return;
      assert.equal((await sipctl(lite, ['db', 'create', '--all'])).code, 0);
      let admin = await lite.admin();
      await fill(admin);
      const before = await snapshot(admin);
      await admin.destroy();
      // Each target's own users come from its rc file; the URL names engine, server and database.
      const rcOf = (target: TestDb) => {
        const file = path.join(target.dir, 'target.rc');
        fs.writeFileSync(file, Object.entries(target.env).map(([k, v]) => `${k}="${v}"`).join('\n'));
        return file;
      };
      const toPg = await sipctl(lite, ['db', 'copy', `postgres://postgres@127.0.0.1/${pg.name}`, '--target-rc', rcOf(pg)]);
      assert.equal(toPg.code, 0, toPg.stderr);
      const toMy = await sipctl(pg, ['db', 'copy', `mysql:${my.name}`, '--target-rc', rcOf(my)]);
      assert.equal(toMy.code, 0, toMy.stderr);
      for (const target of [pg, my]) {
        admin = await target.admin();
        assert.deepEqual(await snapshot(admin), before, `rows in ${target.engine}`);
        await admin.destroy();
      }
      const same = await sipctl(my, ['db', 'copy', `mysql://root@127.0.0.1/${my.name}`, '--target-rc', rcOf(my)]);
      assert.equal(same.code, 2);
    } finally {
      await lite?.cleanup();
      await pg?.cleanup();
      await my?.cleanup();
    }
  });
});
