/**
 * The real `kamctl add` (Debian's kamailio package, MySQL engine) and `sipctl add` write the
 * same subscriber rows into one MariaDB database: kamctl adds, its rows are read and removed
 * with sipctl rm, sipctl adds the same accounts (STORE_PLAINTEXT_PW=1, kamctl's default), and
 * the two sets of rows are compared column by column. Each reads the other's rows back.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { IN_CI } from '../../support/db.js';
import { runProcess } from '../../support/sipctl.js';
import { provisionDb } from './provision-db.js';

const KAMCTL = '/usr/sbin/kamctl';
const md5 = (s: string) => crypto.createHash('md5').update(s, 'utf8').digest('hex');

/** Accounts with passwords kamctl passes through intact (no white space, no quote). */
const ACCOUNTS: readonly (readonly [string, string])[] = [
  ['alice', 'secret'],
  ['bob@example.com', 'Pa55#w0rd!'],
  ['carol@other.org', 'ünïcødé€'],
  ['1001', '1234'],
  ['dave.smith+x@sub.example.com', 'a$b%c&d(e)'],
];

const COLUMNS = ['username', 'domain', 'password', 'ha1', 'ha1b'] as const;

function kamctlMissing(): string | undefined {
  if (fs.existsSync(KAMCTL)) return undefined;
  if (IN_CI) throw new Error(`CI needs the real kamctl at ${KAMCTL}`);
  return `${KAMCTL} is not installed`;
}

describe('sipctl add against the real kamctl add on MariaDB', () => {
  it('writes the same rows, column by column, and reads kamctl\'s rows', async (t) => {
    const missing = kamctlMissing();
    if (missing !== undefined) {
      t.skip(missing);
      return;
    }
    const p = await provisionDb(t, 'mysql');
    if (p === undefined) return;
    const env = p.db.env;
    // kamctl reads ~/.kamctlrc; DBHOST=localhost makes its mysql client use the socket, where
    // the 'user'@'localhost' accounts that db create made apply.
    fs.writeFileSync(
      path.join(p.db.dir, '.kamctlrc'),
      [
        'DBENGINE=MYSQL',
        'DBHOST=localhost',
        `DBNAME=${env['DBNAME'] ?? ''}`,
        `DBRWUSER="${env['DBRWUSER'] ?? ''}"`,
        `DBRWPW="${env['DBRWPW'] ?? ''}"`,
        `DBROUSER="${env['DBROUSER'] ?? ''}"`,
        `DBROPW="${env['DBROPW'] ?? ''}"`,
        'SIP_DOMAIN=example.com',
        '',
      ].join('\n'),
    );
    // A UTF-8 locale, as an operator's shell has: without one the mysql client talks latin1 and
    // stores a non-ASCII clear-text password double-encoded (the hashes are right either way).
    const kamctl = (args: string[]) => runProcess(KAMCTL, args, { env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: p.db.dir, LANG: 'C.UTF-8' }, cwd: p.db.dir });

    for (const [user, pw] of ACCOUNTS) {
      const r = await kamctl(['add', user, pw]);
      assert.equal(r.code, 0, `kamctl add ${user}: ${r.stdout}${r.stderr}`);
    }
    const byKamctl = (await p.rows('subscriber')).map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]])));
    assert.equal(byKamctl.length, ACCOUNTS.length, 'kamctl did not add every account');

    // sipctl reads kamctl's rows, and removes them.
    const shown = await p.json(['show', 'carol@other.org', '--show-secrets']);
    assert.equal(shown['ha1'], byKamctl[2]?.['ha1']);
    for (const [user] of ACCOUNTS) await p.json(['rm', user, '--no-ul']);
    assert.equal((await p.rows('subscriber')).length, 0);

    for (const [user, pw] of ACCOUNTS) await p.json(['add', user, pw], { env: { STORE_PLAINTEXT_PW: '1' } });
    const bySipctl = (await p.rows('subscriber')).map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]])));
    assert.equal(bySipctl.length, byKamctl.length);
    for (let i = 0; i < byKamctl.length; i++) {
      for (const c of COLUMNS) assert.equal(bySipctl[i]?.[c], byKamctl[i]?.[c], `${String(ACCOUNTS[i]?.[0])}: column ${c} differs`);
    }

    // kamctl reads sipctl's rows: its show prints them, and it refuses to add them again.
    const show = await kamctl(['show', 'alice']);
    assert.equal(show.code, 0, show.stderr);
    assert.ok(show.stdout.includes(md5('alice:example.com:secret')), show.stdout);
    const again = await kamctl(['add', 'alice', 'other']);
    assert.match(`${again.stdout}${again.stderr}`, /already exists/);

    // Where kamctl is wrong, sipctl is not: kamctl hashes a password only up to its first
    // space (while storing all of it), so the account it makes cannot log in with it.
    const r = await kamctl(['add', 'spacey', 'two words']);
    assert.equal(r.code, 0, r.stderr);
    const kamRow = (await p.rows('subscriber', { username: 'spacey' }))[0];
    assert.equal(kamRow?.['ha1'], md5('spacey:example.com:two'));
    await p.json(['subscriber', 'passwd', 'spacey', 'two words']);
    assert.equal((await p.rows('subscriber', { username: 'spacey' }))[0]?.['ha1'], md5('spacey:example.com:two words'));
  });
});
