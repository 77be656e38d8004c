/**
 * The location repository on real databases made by sipctl (SQLite always; MariaDB and
 * PostgreSQL under CI=true), and usrloc's handling of a database that fails while the
 * daemon runs (db_mode 1: logged, memory stays; db_mode 3: save answers 500, lookup -1).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Knex } from 'knex';
import { connect } from '../../../../src/db/connect.js';
import { parseDbUrl } from '../../../../src/db/db-url.js';
import {
  countLocations,
  decodeTime,
  deleteExpiredBefore,
  deleteExpiredLocations,
  readLocations,
  saveLocation,
  type LocationRecord,
} from '../../../../src/db/repos/location.js';
import { Usrloc } from '../../../../src/modules/usrloc/index.js';
import { ENGINES, createdTestDb, kamailioDbUrl } from '../../../support/db.js';
import { engine, onlyReply, request } from '../engine-harness.js';

const RW_PW = 'locrw4test';


const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

function rec(ruid: string, username: string, expires: number, more: Partial<LocationRecord> = {}): LocationRecord {
  return {
    ruid,
    username,
    domain: null,
    contact: `sip:${username}@192.0.2.1`,
    received: null,
    path: null,
    expires,
    q: -1,
    callid: `c-${ruid}`,
    cseq: 1,
    lastModified: NOW,
    flags: 0,
    cflags: 0,
    userAgent: 'ua',
    socket: 'udp:127.0.0.1:5060',
    methods: null,
    instance: null,
    regId: 0,
    serverId: 0,
    connectionId: -1,
    keepalive: 0,
    partition: 0,
    ...more,
  };
}

for (const eng of ENGINES) {
  describe(`location repository on ${eng}`, { timeout: 120_000 }, () => {
    it('writes, updates, reads, counts and deletes rows as usrloc keeps them', async (t) => {
      const db = await createdTestDb(t, eng, RW_PW);
      if (db === undefined) return;
      const knex: Knex = await connect(parseDbUrl(kamailioDbUrl(db)), 'rw');
      t.after(() => knex.destroy());
      await saveLocation(knex, 'location', rec('r1', 'alice', NOW + 600_000, { q: 0.5, methods: 0xffff_fff0, received: 'sip:198.51.100.1:5060' }));
      await saveLocation(knex, 'location', rec('r2', 'alice', NOW - 60_000));
      await saveLocation(knex, 'location', rec('r3', 'bob', 0));
      await saveLocation(knex, 'location', rec('r4', 'carol', NOW + 60_000, { domain: 'example.com' }));
      // Same ruid: an update, not a second row.
      await saveLocation(knex, 'location', rec('r1', 'alice', NOW + 900_000, { q: 0.5, cseq: 2, methods: 0xffff_fff0, received: 'sip:198.51.100.1:5060' }));

      const all = await readLocations(knex, 'location');
      assert.deepEqual(all.map((r) => r.ruid), ['r1', 'r2', 'r3', 'r4']);
      const [alice] = all;
      assert.ok(alice !== undefined);
      assert.equal(alice.expires, NOW + 900_000);
      assert.equal(alice.cseq, 2);
      assert.equal(alice.q, 0.5);
      assert.equal(alice.methods, 0xffff_fff0, 'the mask survives the signed INT column');
      assert.equal(alice.received, 'sip:198.51.100.1:5060');
      assert.equal(alice.lastModified, NOW);
      const bob = all[2];
      assert.ok(bob !== undefined);
      assert.equal(bob.expires, 0, 'permanent');
      assert.equal(bob.q, -1);
      assert.equal(bob.methods, null);
      assert.deepEqual((await readLocations(knex, 'location', { username: 'carol', domain: 'example.com' })).map((r) => r.ruid), ['r4']);
      assert.deepEqual(await readLocations(knex, 'location', { username: 'carol', domain: null }), []);
      assert.deepEqual((await readLocations(knex, 'location', { username: 'alice' })).map((r) => r.ruid), ['r1', 'r2']);

      assert.deepEqual(await countLocations(knex, 'location', NOW), { users: 3, contacts: 3, expired: 1 });
      assert.equal(await deleteExpiredBefore(knex, 'location', NOW), 1);
      assert.deepEqual((await readLocations(knex, 'location')).map((r) => r.ruid), ['r1', 'r3', 'r4']);
    });

    it('sipctl ul dbclean deletes Kamailio-written stale rows too, keeping permanent ones', async (t) => {
      const db = await createdTestDb(t, eng, RW_PW);
      if (db === undefined) return;
      const admin = await db.admin();
      const knex: Knex = await connect(parseDbUrl(kamailioDbUrl(db)), 'rw');
      t.after(() => knex.destroy());
      const now = new Date(NOW);
      await saveLocation(knex, 'location', rec('stale', 'stale', NOW - 7_200_000));
      await saveLocation(knex, 'location', rec('fresh', 'fresh', NOW + 600_000));
      await saveLocation(knex, 'location', rec('perm', 'perm', 0));
      if (eng === 'sqlite') {
        const stored: unknown = await admin('location').select('expires').where('ruid', 'perm');
        assert.deepEqual(stored, [{ expires: 2_440_587.5 }], 'db_sqlite writes the Julian day');
      }
      const r = await deleteExpiredLocations(knex, 3600, now);
      assert.equal(r.deleted, 1);
      assert.deepEqual((await readLocations(knex, 'location')).map((x) => x.ruid), ['fresh', 'perm']);
    });
  });
}

describe('decodeTime', () => {
  it('reads Julian days, local date texts and Unix seconds', () => {
    assert.equal(decodeTime(2_440_587.5), 0);
    assert.equal(decodeTime(2_440_588.5), 86_400_000);
    assert.equal(decodeTime('2030-01-02 03:04:05'), new Date(2030, 0, 2, 3, 4, 5).getTime());
    assert.equal(decodeTime(1_900_000_000), 1_900_000_000_000);
    assert.equal(decodeTime(null), 0);
  });
});

const CFG = (url: string, mode: number): string => `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
modparam("usrloc", "db_url", "${url}")
modparam("usrloc", "db_mode", ${String(mode)})
request_route {
  if (method == "REGISTER") { save("location"); exit; }
  if (!lookup("location")) { $var(rc) = $rc; sl_send_reply("404", "Not Found"); exit; }
  sl_send_reply("302", "Found");
}
`;

const register = (expires: number, cseq = 1): string => request('REGISTER', 'sip:127.0.0.1', ['Contact: <sip:alice@192.0.2.10:5070>', `Expires: ${String(expires)}`], { cseq });

describe('usrloc when the database fails at run time', () => {
  for (const mode of [1, 3] as const) {
    it(`db_mode ${String(mode)}`, async (t) => {
      const db = await createdTestDb(t, 'sqlite', RW_PW);
      if (db === undefined) return;
      const admin = await db.admin();
      const e = await engine(CFG(kamailioDbUrl(db), mode));
      t.after(() => e.registry.stop());
      await e.send(register(600));
      assert.equal(onlyReply(e).status, 200);
      const row: unknown = await admin('location').select('username');
      assert.deepEqual(row, [{ username: 'alice' }]);

      await admin.schema.renameTable('location', 'location_gone');
      await e.send(register(600, 2));
      const reply = onlyReply(e);
      const invite = await e.send(request('INVITE', 'sip:alice@127.0.0.1'));
      const ul = e.registry.instance('usrloc')?.api;
      assert.ok(ul instanceof Usrloc);
      assert.ok((e.registry.stats.get('usrloc', 'db_failures')?.value ?? 0) >= 1);
      if (mode === 1) {
        // Memory stays authoritative: the binding was updated and is still found.
        assert.equal(reply.status, 200);
        assert.equal(ul.find('location')?.get('alice', 'sip:alice@192.0.2.10:5070')?.cseq, 2);
        assert.equal(onlyReply(e).status, 302);
      } else {
        assert.equal(reply.status, 500);
        assert.equal(reply.header('p-registrar-error'), 'usrloc_contact_insert failed');
        assert.equal(onlyReply(e).status, 404);
        assert.equal(invite.ctx.worker.vars.get('rc'), -1, 'lookup() finds no contact when the DB fails');
      }
      await admin.schema.renameTable('location_gone', 'location');
    });
  }
});
