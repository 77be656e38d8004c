/**
 * kamctl's `sets` and `setn` as sipctl's top-level spellings of `subscriber set`: text and
 * numbers stored with their column's type, setn refusing anything but a whole number, unknown
 * and protected columns refused, hostile column names harmless, and nothing written on error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../../support/db.js';
import { expectError, provisionDb } from './provision-db.js';

for (const engine of ENGINES) {
  describe(`sets and setn on ${engine}`, () => {
    it('set text and numeric columns like kamctl, and refuse what does not fit', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      await p.json(['add', 'bob', 'pw']);
      await p.admin.schema.alterTable('subscriber', (tb) => {
        tb.string('email_address', 16).notNullable().defaultTo('');
        tb.integer('flags').notNullable().defaultTo(0);
      });

      assert.deepEqual(await p.json(['sets', 'bob', 'email_address', "b'o\"b; --"]), { username: 'bob', domain: 'example.com', column: 'email_address', value: "b'o\"b; --" });
      assert.deepEqual(await p.json(['setn', 'bob@example.com', 'flags', '-42']), { username: 'bob', domain: 'example.com', column: 'flags', value: -42 });
      // setn takes a number for a text column too (kamctl writes it unquoted; MySQL keeps its text).
      assert.equal((await p.json(['setn', 'bob', 'email_address', '7']))['value'], '7');
      // sets on a numeric column still needs a number: the column decides.
      assert.equal((await p.json(['sets', 'bob', 'flags', '5']))['value'], 5);
      const human = await p.run(['sets', 'bob', 'email_address', 'b@x']);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /email_address set to "b@x"/);
      const quiet = await p.run(['setn', 'bob', 'flags', '9', '--quiet']);
      assert.deepEqual([quiet.code, quiet.stdout], [0, '']);
      const bob = (await p.rows('subscriber', { username: 'bob' }))[0];
      assert.equal(bob?.['email_address'], 'b@x');
      assert.equal(Number(bob['flags']), 9);

      const bad: [string[], string, number, RegExp][] = [
        [['setn', 'bob', 'flags', 'many'], 'E_USAGE', 2, /not a whole number/],
        [['setn', 'bob', 'flags', '1.5'], 'E_USAGE', 2, /not a whole number/],
        [['setn', 'bob', 'email_address', 'text'], 'E_USAGE', 2, /setn sets numbers/],
        [['sets', 'bob', 'flags', '1 or 1=1'], 'E_USAGE', 2, /numeric/],
        [['sets', 'bob', 'email_address', 'x'.repeat(17)], 'E_USAGE', 2, /at most 16/],
        [['sets', 'bob', 'ha1', '0'], 'E_USAGE', 2, /passwd/],
        [['setn', 'bob', 'id', '1'], 'E_USAGE', 2, /cannot be set/],
        [['sets', 'bob', "email_address='x' --", 'y'], 'E_USAGE', 2, /no column/],
        [['setn', 'bob', 'flags = flags + 1', '1'], 'E_USAGE', 2, /no column/],
        [['sets', 'bob', 'email_address'], 'E_USAGE', 2, /VALUE or --null/],
        [['sets', 'nobody', 'email_address', 'x'], 'E_NOT_FOUND', 21, /does not exist/],
        [['setn', 'nobody', 'flags', '1'], 'E_NOT_FOUND', 21, /does not exist/],
      ];
      for (const [args, code, exit, message] of bad) assert.match(await expectError(p, args, code, exit), message, args.join(' '));
      const after = (await p.rows('subscriber', { username: 'bob' }))[0];
      assert.deepEqual([after?.['email_address'], Number(after?.['flags'])], ['b@x', 9]);
      assert.equal((await p.rows('subscriber')).length, 1);
    });
  });
}
