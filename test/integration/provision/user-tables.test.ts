/**
 * acl, alias_db (aliasdb), speeddial and avp against real databases: what each writes, the
 * exit codes of existing and missing rows, VERIFY_ACL and VERIFY_USER, and hostile input
 * that must leave the tables as they were.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../../support/db.js';
import { expectError, provisionDb } from './provision-db.js';

const INJECTION = "x'); DELETE FROM grp; --";

for (const engine of ENGINES) {
  describe(`acl, alias_db, speeddial and avp on ${engine}`, () => {
    it('acl grant, show and revoke the grp rows, with the ACL policy', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      await p.json(['add', 'alice', 'pw']);
      const granted = await p.json(['acl', 'grant', 'alice', 'local', 'ld']);
      assert.deepEqual(granted['granted'], ['local', 'ld']);
      const rows = await p.rows('grp');
      assert.deepEqual(rows.map((r) => [r['username'], r['domain'], r['grp']]), [['alice', 'example.com', 'local'], ['alice', 'example.com', 'ld']]);
      const stamps = ((await p.json(['acl', 'show', 'alice']))['rows'] as { lastModified: string }[]).map((r) => r.lastModified);
      for (const s of stamps) assert.match(s, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      assert.match(await expectError(p, ['acl', 'grant', 'alice', 'voicemail', 'ld'], 'E_EXISTS', 20), /already in ld/);
      assert.match(await expectError(p, ['acl', 'grant', 'alice', 'int', 'gold'], 'E_USAGE', 2), /ACL_GROUPS/);
      assert.match(await expectError(p, ['acl', 'grant', 'alice', INJECTION], 'E_USAGE', 2), /group/);
      await expectError(p, ['acl', 'grant', 'alice', 'g'.repeat(65)], 'E_USAGE', 2);
      await expectError(p, ['acl', 'grant', 'alice'], 'E_USAGE', 2);
      assert.equal((await p.rows('grp')).length, 2, 'a refused grant wrote rows');
      // VERIFY_ACL=0 allows any well-formed group; VERIFY_USER asks about strangers.
      await p.json(['acl', 'grant', 'alice', 'gold'], { env: { VERIFY_ACL: '0' } });
      assert.match(await expectError(p, ['acl', 'grant', 'stranger@other.org', 'local'], 'E_PROMPT_NEEDED', 15), /--yes/);
      assert.equal((await p.json(['acl', 'grant', 'stranger@other.org', 'local', '--yes']))['subscriberExists'], false);
      await p.json(['acl', 'grant', 'nobody@other.org', 'local'], { env: { VERIFY_USER: '0' } });
      const shown = await p.json(['acl', 'show', 'alice']);
      assert.deepEqual((shown['rows'] as { grp: string }[]).map((r) => r.grp).sort(), ['gold', 'ld', 'local']);
      assert.equal(((await p.json(['acl', 'show']))['rows'] as unknown[]).length, 5);
      const revoked = await p.json(['acl', 'revoke', 'alice', 'ld']);
      assert.equal(revoked['revoked'], 1);
      await expectError(p, ['acl', 'revoke', 'alice', 'ld'], 'E_NOT_FOUND', 21);
      assert.equal((await p.json(['acl', 'revoke', 'alice']))['revoked'], 2);
      await expectError(p, ['acl', 'revoke', 'alice'], 'E_NOT_FOUND', 21);
      assert.deepEqual((await p.rows('grp')).map((r) => r['username']), ['stranger', 'nobody']);
    });

    it('alias_db and aliasdb add, show, list and remove dbaliases rows', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      await p.json(['add', 'alice', 'pw']);
      assert.deepEqual(await p.json(['alias_db', 'add', '5551234', 'alice']), { alias: '5551234@example.com', sipId: 'alice@example.com' });
      await p.json(['aliasdb', 'add', 'ali@other.org', 'sip:alice@example.com']);
      assert.deepEqual(
        (await p.rows('dbaliases')).map((r) => [r['alias_username'], r['alias_domain'], r['username'], r['domain']]),
        [['5551234', 'example.com', 'alice', 'example.com'], ['ali', 'other.org', 'alice', 'example.com']],
      );
      // kamctl ignores the domain when it checks for an existing alias; sipctl does not.
      await p.json(['alias_db', 'add', '5551234@third.org', 'alice']);
      await expectError(p, ['alias_db', 'add', '5551234', 'bob'], 'E_EXISTS', 20);
      await expectError(p, ['alias_db', 'add', 'alice', 'bob'], 'E_EXISTS', 20);
      await expectError(p, ['alias_db', 'add', INJECTION, 'bob'], 'E_USAGE', 2);
      await expectError(p, ['alias_db', 'add', 'x'.repeat(65), 'bob'], 'E_USAGE', 2);
      await expectError(p, ['alias_db', 'add', 'onlyone'], 'E_USAGE', 2);
      assert.deepEqual((await p.json(['alias_db', 'show', '5551234']))['sipIds'], ['alice@example.com']);
      await expectError(p, ['aliasdb', 'show', 'none'], 'E_NOT_FOUND', 21);
      assert.equal(((await p.json(['alias_db', 'list', 'alice']))['aliases'] as unknown[]).length, 3);
      assert.equal(((await p.json(['aliasdb', 'list']))['aliases'] as unknown[]).length, 3);
      await p.json(['alias_db', 'rm', 'ali@other.org']);
      await expectError(p, ['alias_db', 'rm', 'ali@other.org'], 'E_NOT_FOUND', 21);
      assert.equal((await p.rows('dbaliases')).length, 2);
    });

    it('speeddial add, show, list and remove speed_dial rows', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      await p.json(['speeddial', 'add', 'alice', '11', 'sip:bob@example.com', "Bob's désk"]);
      await p.json(['speed_dial', 'add', 'alice@example.com', '12@example.com', 'sip:+4930123@pstn.example.com;user=phone']);
      assert.deepEqual(
        (await p.rows('speed_dial')).map((r) => [r['username'], r['domain'], r['sd_username'], r['sd_domain'], r['new_uri'], r['description']]),
        [
          ['alice', 'example.com', '11', 'example.com', 'sip:bob@example.com', "Bob's désk"],
          ['alice', 'example.com', '12', 'example.com', 'sip:+4930123@pstn.example.com;user=phone', ''],
        ],
      );
      await expectError(p, ['speeddial', 'add', 'alice', '11', 'sip:carol@example.com'], 'E_EXISTS', 20);
      for (const uri of ['bob@example.com', 'sip:example.com', `sip:${INJECTION}@example.com`, `sip:u@${'h'.repeat(250)}.com`, 'http://x']) {
        await expectError(p, ['speeddial', 'add', 'alice', '13', uri], 'E_USAGE', 2);
      }
      await expectError(p, ['speeddial', 'add', 'alice', '13', 'sip:a@b.c', 'd'.repeat(65)], 'E_USAGE', 2);
      await expectError(p, ['speeddial', 'add', 'alice', '13'], 'E_USAGE', 2);
      await expectError(p, ['speeddial', 'add', 'alice', '13', 'sip:a@b.c', 'desc', 'extra'], 'E_USAGE', 2);
      const shown = await p.json(['speeddial', 'show', '11']);
      assert.deepEqual(shown['entries'], [{ owner: 'alice@example.com', shortNumber: '11@example.com', newUri: 'sip:bob@example.com', description: "Bob's désk" }]);
      assert.equal(((await p.json(['speeddial', 'list', 'alice']))['entries'] as unknown[]).length, 2);
      await p.json(['speeddial', 'rm', 'alice', '11']);
      await expectError(p, ['speeddial', 'rm', 'alice', '11'], 'E_NOT_FOUND', 21);
      await expectError(p, ['speeddial', 'show', '11'], 'E_NOT_FOUND', 21);
      assert.equal((await p.rows('speed_dial')).length, 1);
    });

    it('avp add, list and remove usr_preferences rows, in another table with -T', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      await p.json(['avp', 'add', 'alice@example.com', 'callfwd', '0', 'sip:bob@example.com']);
      await p.json(['avp', 'add', '0a1b2c3d', 'maxcalls', '1', '5']);
      await p.json(['avp', 'add', 'alice@example.com', 'lang', '0', INJECTION]);
      const rows = await p.rows('usr_preferences');
      assert.deepEqual(rows.map((r) => [r['uuid'], r['username'], r['domain'], r['attribute'], Number(r['type']), r['value']]), [
        ['', 'alice', 'example.com', 'callfwd', 0, 'sip:bob@example.com'],
        ['0a1b2c3d', '', '', 'maxcalls', 1, '5'],
        ['', 'alice', 'example.com', 'lang', 0, INJECTION],
      ]);
      await expectError(p, ['avp', 'add', 'alice@example.com', 'maxcalls', '1', 'five'], 'E_USAGE', 2);
      await expectError(p, ['avp', 'add', 'alice@example.com', 'x', '7', 'v'], 'E_USAGE', 2);
      await expectError(p, ['avp', 'add', 'alice@example.com', 'a'.repeat(33), '0', 'v'], 'E_USAGE', 2);
      await expectError(p, ['avp', 'add', 'alice@example.com', 'x', '0', 'v'.repeat(129)], 'E_USAGE', 2);
      await expectError(p, ['avp', 'add', 'alice@example.com', 'x', '0'], 'E_USAGE', 2);
      await expectError(p, ['avp', 'list', '-T', 'usr_preferences; drop table grp'], 'E_USAGE', 2);
      assert.equal(((await p.json(['avp', 'list', '-u', 'alice@example.com']))['rows'] as unknown[]).length, 2);
      assert.equal(((await p.json(['avp', 'list', '-u', '0a1b2c3d', '-t', '1']))['rows'] as unknown[]).length, 1);
      assert.equal(((await p.json(['avp', 'list', '-v', INJECTION]))['rows'] as unknown[]).length, 1);
      // -T: a table of the same shape.
      switch (engine) {
        case 'sqlite':
          await p.admin.raw('CREATE TABLE my_prefs AS SELECT * FROM usr_preferences WHERE 1 = 0');
          break;
        case 'mysql':
          await p.admin.raw('CREATE TABLE my_prefs LIKE usr_preferences');
          break;
        case 'pgsql':
          await p.admin.raw('CREATE TABLE my_prefs (LIKE usr_preferences INCLUDING ALL)');
          await p.admin.raw('GRANT ALL ON my_prefs TO ??', [p.db.env['DBRWUSER'] ?? '']);
          break;
      }
      await p.json(['avp', 'add', '-T', 'my_prefs', 'bob@example.com', 'x', '0', 'y']);
      assert.equal((await p.rows('my_prefs')).length, 0 + 1);
      await expectError(p, ['avp', 'rm'], 'E_USAGE', 2);
      await expectError(p, ['avp', 'rm', '--all'], 'E_PROMPT_NEEDED', 15);
      assert.equal((await p.json(['avp', 'rm', '-u', 'alice@example.com', '-a', 'lang']))['removed'], 1);
      await expectError(p, ['avp', 'rm', '-u', 'alice@example.com', '-a', 'lang'], 'E_NOT_FOUND', 21);
      assert.equal((await p.json(['avp', 'rm', '--all', '--yes']))['removed'], 2);
      assert.equal((await p.rows('usr_preferences')).length, 0);
      assert.equal((await p.rows('my_prefs')).length, 1, '-T table touched by rm of another table');
    });
  });
}
