/**
 * The subscriber commands as an operator runs them, against real databases: the three
 * spellings of add, passwords from argv, stdin and odd characters, hashes as kamctl computes
 * them, the cascade of rm, set, and every kind of bad input with nothing written.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ENGINES } from '../../support/db.js';
import { expectError, provisionDb, SIP_DOMAIN } from './provision-db.js';

const md5 = (s: string) => crypto.createHash('md5').update(s, 'utf8').digest('hex');

function expectedRow(user: string, domain: string, pw: string, plaintext = false) {
  return { username: user, domain, password: plaintext ? pw : '', ha1: md5(`${user}:${domain}:${pw}`), ha1b: md5(`${user}@${domain}:${domain}:${pw}`) };
}

function pick(row: Readonly<Record<string, unknown>> | undefined) {
  assert.ok(row !== undefined, 'row missing');
  return { username: row['username'], domain: row['domain'], password: row['password'], ha1: row['ha1'], ha1b: row['ha1b'] };
}

for (const engine of ENGINES) {
  describe(`subscriber commands on ${engine}`, () => {
    it('adds with every spelling and password source, shows, lists, changes and removes with the cascade', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      const odd = 'sp ace \'q\' "dq" #hash ü€ $(x) `y` \\n';
      assert.deepEqual(await p.json(['add', 'subscriber', 'alice@example.com', odd]), { username: 'alice', domain: 'example.com', plaintextStored: false });
      await p.json(['subscriber', 'add', 'bob', 'secret']);
      await p.json(['add', 'sip:carol@other.org', 'pw3'], { env: { STORE_PLAINTEXT_PW: '1' } });
      await p.json(['subscriber', 'add', 'dave', '--password-stdin'], { input: 'from stdin pw\n' });
      await p.json(['subscriber', 'add', "o'brien", 'x']);
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'alice' }))[0]), expectedRow('alice', 'example.com', odd));
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'bob' }))[0]), expectedRow('bob', SIP_DOMAIN, 'secret'));
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'carol' }))[0]), expectedRow('carol', 'other.org', 'pw3', true));
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'dave' }))[0]), expectedRow('dave', SIP_DOMAIN, 'from stdin pw'));
      assert.deepEqual(pick((await p.rows('subscriber', { username: "o'brien" }))[0]), expectedRow("o'brien", SIP_DOMAIN, 'x'));

      // show hides secrets unless asked; the kamctl spelling is the same command.
      const shown = await p.json(['show', 'alice']);
      assert.equal(shown['ha1'], null);
      assert.equal(shown['password'], null);
      assert.ok(!JSON.stringify(shown).includes(md5(`alice:example.com:${odd}`)));
      assert.equal((await p.json(['subscriber', 'show', 'alice', '--show-secrets']))['ha1'], md5(`alice:example.com:${odd}`));
      const human = await p.run(['subscriber', 'show', 'carol@other.org']);
      assert.equal(human.code, 0);
      assert.ok(!human.stdout.includes('pw3'), 'clear-text password shown without --show-secrets');
      const list = await p.json(['subscriber', 'list', '-d', SIP_DOMAIN]);
      assert.deepEqual((list['subscribers'] as { username: string }[]).map((s) => s.username), ['alice', 'bob', 'dave', "o'brien"]);
      const quiet = await p.run(['subscriber', 'add', 'erin', 'pw', '--quiet']);
      assert.deepEqual([quiet.code, quiet.stdout], [0, '']);

      // passwd from argv and from stdin; kamctl's spelling too.
      await p.json(['subscriber', 'passwd', 'bob', 'n€w pass']);
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'bob' }))[0]), expectedRow('bob', SIP_DOMAIN, 'n€w pass'));
      await p.json(['passwd', 'bob@example.com', '--password-stdin'], { input: 'again\r\n' });
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'bob' }))[0]), expectedRow('bob', SIP_DOMAIN, 'again'));

      // set on a column an installation added.
      await p.admin.schema.alterTable('subscriber', (tb) => {
        tb.string('email_address', 128).notNullable().defaultTo('');
        tb.integer('flags').notNullable().defaultTo(0);
      });
      await p.json(['subscriber', 'set', 'bob', 'email_address', 'bob@example.com']);
      await p.json(['subscriber', 'set', 'bob', 'flags', '42']);
      const bob = (await p.rows('subscriber', { username: 'bob' }))[0];
      assert.equal(bob?.['email_address'], 'bob@example.com');
      assert.equal(Number(bob['flags']), 42);
      await expectError(p, ['subscriber', 'set', 'bob', 'flags', 'many'], 'E_USAGE', 2);
      await expectError(p, ['subscriber', 'set', 'bob', 'ha1', '0'], 'E_USAGE', 2);
      await expectError(p, ['subscriber', 'set', 'bob', "x'; drop table subscriber; --", '1'], 'E_USAGE', 2);
      await expectError(p, ['subscriber', 'set', 'nobody', 'flags', '1'], 'E_NOT_FOUND', 21);

      // rm takes the groups and aliases of the user with it, and says when no server answers.
      await p.json(['acl', 'grant', 'bob', 'local', 'ld']);
      await p.json(['alias_db', 'add', '5551234', 'bob']);
      await p.json(['acl', 'grant', 'dave', 'local']);
      const removed = await p.json(['rm', 'bob', '--ctl', `unix:${path.join(p.db.dir, 'no-server.sock')}`]);
      assert.equal(removed['groupsRemoved'], 2);
      assert.equal(removed['aliasesRemoved'], 1);
      assert.equal((removed['registrations'] as { status: string }).status, 'unreachable');
      assert.equal((await p.rows('subscriber', { username: 'bob' })).length, 0);
      assert.equal((await p.rows('grp', { username: 'bob' })).length, 0);
      assert.equal((await p.rows('dbaliases', { username: 'bob' })).length, 0);
      assert.equal((await p.rows('grp', { username: 'dave' })).length, 1, 'another user lost a group');
      const text = await p.run(['subscriber', 'rm', 'dave', '--ctl', `unix:${path.join(p.db.dir, 'no-server.sock')}`]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /no server reachable/);
      await expectError(p, ['subscriber', 'rm', 'dave', '--no-ul'], 'E_NOT_FOUND', 21);
    });

    it('refuses bad input and duplicates, writing nothing', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      await p.json(['add', 'alice', 'pw']);
      const before = await p.rows('subscriber');
      assert.match(await expectError(p, ['add', 'alice', 'other'], 'E_EXISTS', 20), /already exists/);
      assert.match(await expectError(p, ['add', 'alice@example.com', 'other'], 'E_EXISTS', 20), /already exists/);
      await p.json(['alias_db', 'add', 'al', 'alice']);
      assert.match(await expectError(p, ['add', 'al', 'pw'], 'E_EXISTS', 20), /alias/);
      const bad: [string[], RegExp][] = [
        [['add', "x'; DROP TABLE subscriber; --", 'pw'], /user name/],
        [['add', 'robert"); DELETE FROM subscriber;--@example.com', 'pw'], /user name/],
        [['add', 'jürgen', 'pw'], /user name/],
        [['add', 'a'.repeat(65), 'pw'], /65 characters/],
        [['add', `u@${'d'.repeat(61)}.com`, 'pw'], /domain/],
        [['add', 'u@exa mple.com', 'pw'], /host name/],
        [['add', 'u@a@b', 'pw'], /more than one/],
        [['add', 'u@', 'pw'], /domain is empty/],
        [['add', 'a', 'b', 'c'], /unexpected argument/],
        [['subscriber', 'add'], /missing argument/],
        [['add', 'x', ''], /password is empty/],
        [['subscriber', 'show', 'a', 'b'], /unexpected argument/],
        [['subscriber', 'set', 'alice'], /Missing 1 required arg/],
      ];
      for (const [args, message] of bad) assert.match(await expectError(p, args, 'E_USAGE', 2), message, args.join(' '));
      // A 65-character password fits when it is not stored in clear, and not when it is.
      await p.json(['add', 'longpw', 'p'.repeat(200)]);
      const r = await p.run(['add', 'longpw2', 'p'.repeat(65), '--json'], { env: { STORE_PLAINTEXT_PW: '1' } });
      assert.equal(r.code, 2, r.stdout);
      // No domain anywhere.
      const noDomain = await p.run(['add', 'x', 'pw', '--json'], { env: { SIP_DOMAIN: '' } });
      assert.equal(noDomain.code, 2, noDomain.stdout);
      assert.match(noDomain.stdout, /SIP_DOMAIN/);
      // No password and no terminal: a clear error instead of a hanging prompt.
      assert.match(await expectError(p, ['add', 'nopw'], 'E_PROMPT_NEEDED', 15), /--password-stdin/);
      await expectError(p, ['add', 'both', 'pw', '--password-stdin'], 'E_USAGE', 2, 'pw2');
      await expectError(p, ['subscriber', 'passwd', 'nobody', 'pw'], 'E_NOT_FOUND', 21);
      await expectError(p, ['show', 'nobody'], 'E_NOT_FOUND', 21);
      await expectError(p, ['subscriber', 'list', '-d', "x' or '1'='1"], 'E_USAGE', 2);
      const after = await p.rows('subscriber');
      assert.deepEqual(after.map((x) => x['username']), [...before.map((x) => x['username']), 'longpw']);
      // LIKE patterns are values: a quote finds nothing and breaks nothing.
      assert.deepEqual((await p.json(['subscriber', 'list', '--like', "%' OR '1'='1"]))['subscribers'], []);
    });

    it('imports CSV and JSON lines in batches, reports a bad row by line, and exports what import reads', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      const dir = p.db.dir;
      const csv = path.join(dir, 'users.csv');
      fs.writeFileSync(csv, ['username,domain,password', 'u1,example.com,"a, ""quoted"" pw"', 'u2@other.org,,pw2', 'u3,,ü pw #1', ''].join('\n'));
      const imported = await p.json(['subscriber', 'import', csv]);
      assert.deepEqual([imported['rows'], imported['added'], imported['format']], [3, 3, 'csv']);
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'u1' }))[0]), expectedRow('u1', 'example.com', 'a, "quoted" pw'));
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'u2' }))[0]), expectedRow('u2', 'other.org', 'pw2'));

      const jsonl = path.join(dir, 'users.jsonl');
      const lines = [
        JSON.stringify({ username: 'j1', password: 'x' }),
        JSON.stringify({ username: 'j2', ha1: md5('j2:example.com:y'), ha1b: md5('j2@example.com:example.com:y') }),
        JSON.stringify({ username: 'j3', password: 'z' }),
        JSON.stringify({ username: "j4'; drop table subscriber;--", password: 'z' }),
        JSON.stringify({ username: 'j5', password: 'z' }),
      ];
      fs.writeFileSync(jsonl, `${lines.join('\n')}\n`);
      // Batches of 2: lines 1-2 are committed, the batch of lines 3-4 is not, line 5 is never read.
      assert.match(await expectError(p, ['subscriber', 'import', jsonl, '--batch-size', '2'], 'E_USAGE', 2), /^line 4: .*2 subscriber\(s\) of earlier batches .* nothing from line 3 on/);
      assert.deepEqual((await p.rows('subscriber')).map((r) => r['username']).filter((u) => String(u).startsWith('j')), ['j1', 'j2']);
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'j2' }))[0]), expectedRow('j2', SIP_DOMAIN, 'y'));

      // An existing subscriber stops the import (exit 20) unless skipped or updated.
      const dup = path.join(dir, 'dup.csv');
      fs.writeFileSync(dup, 'username,password\nnew1,a\nu3,changed\n');
      assert.match(await expectError(p, ['subscriber', 'import', dup], 'E_EXISTS', 20), /line 3: subscriber u3@example.com already exists/);
      assert.equal((await p.rows('subscriber', { username: 'new1' })).length, 0, 'a row of the failed batch was written');
      assert.equal((await p.json(['subscriber', 'import', dup, '--on-conflict', 'skip']))['added'], 1);
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'u3' }))[0]), expectedRow('u3', SIP_DOMAIN, 'ü pw #1'));
      await p.json(['subscriber', 'import', dup, '--on-conflict', 'update']);
      assert.deepEqual(pick((await p.rows('subscriber', { username: 'u3' }))[0]), expectedRow('u3', SIP_DOMAIN, 'changed'));

      const badFiles: [string, RegExp][] = [
        ['username,secret\nx,y\n', /line 1: header: unknown column "secret"/],
        ['username,password\nx\n', /line 2: 1 fields/],
        ['username,password\na,b\na,c\n', /line 3: a@example.com is already on line 2/],
        ['username,ha1\nh,nothex\n', /line 2: ha1 is not a digest hash/],
        ['{"username":"x","password":1}\n', /line 1: password is not a string/],
        [`username,password\n${'l'.repeat(70)},x\n`, /line 2: .*70 characters/],
        ['username,password\n"unclosed,x\n', /line 2: a quoted field is not closed/],
      ];
      const count = (await p.rows('subscriber')).length;
      for (const [content, message] of badFiles) {
        const f = path.join(dir, 'bad.txt');
        fs.writeFileSync(f, content);
        assert.match(await expectError(p, ['subscriber', 'import', f], 'E_USAGE', 2), message, content);
      }
      assert.equal((await p.rows('subscriber')).length, count, 'a bad file wrote rows');
      await expectError(p, ['subscriber', 'import', path.join(dir, 'missing.csv')], 'E_IO', 13);

      // Export, then import the export into nothing new: every row is there already.
      const out = path.join(dir, 'export.csv');
      const exported = await p.json(['subscriber', 'export', out]);
      assert.equal(exported['rows'], count);
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      const text = fs.readFileSync(out, 'utf8');
      assert.match(text, /^username,domain,ha1,ha1b\n/);
      assert.ok(!text.includes('changed'), 'a clear-text password in the export without --show-secrets');
      assert.equal((await p.json(['subscriber', 'import', out, '--on-conflict', 'skip']))['added'], 0);
      const outJson = path.join(dir, 'export.jsonl');
      await p.json(['subscriber', 'export', outJson, '-d', 'other.org']);
      assert.deepEqual(fs.readFileSync(outJson, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { username: string }).username), ['u2']);
      const piped = await p.run(['subscriber', 'export', '--format', 'jsonl']);
      assert.equal(piped.stdout.trim().split('\n').length, count);
    });
  });
}
