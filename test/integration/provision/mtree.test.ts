/**
 * sipctl mtree on both layouts of the mtree module's tables: `mtree` (one tree) and `mtrees`
 * (several trees told apart by tname, the layout Kamailio 5.6 creates as version 2). Each tree
 * of mtrees is addressed with --tname; a prefix may repeat across trees but not within one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../../support/db.js';
import { expectError, provisionDb, type ProvisionDb } from './provision-db.js';

/** provisionDb makes the standard tables; mtree is in the extra group. */
async function withExtraTables(p: ProvisionDb): Promise<void> {
  const r = await p.run(['db', 'add-tables', 'mtree']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
}

for (const engine of ENGINES) {
  describe(`mtree and mtrees on ${engine}`, () => {
    it('adds, lists and removes per tree in mtrees, and keeps the one-tree table as it was', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      await withExtraTables(p);

      await p.json(['mtree', 'add', 'mtrees', '0049', 'gw-de', '--tname', 'carriers']);
      await p.json(['mtree', 'add', 'mtrees', '0049', 'gw-de-backup', '--tname', 'backup']);
      const added = await p.json(['mtree', 'add', 'mtrees', '+44', 'gw-uk', '--tname', 'carriers']);
      assert.deepEqual({ ...(added['row'] as Record<string, unknown>), id: 0 }, { id: 0, tname: 'carriers', tprefix: '+44', tvalue: 'gw-uk' });
      assert.deepEqual(
        (await p.rows('mtrees')).map((r) => [r['tname'], r['tprefix'], r['tvalue']]),
        [['carriers', '0049', 'gw-de'], ['backup', '0049', 'gw-de-backup'], ['carriers', '+44', 'gw-uk']],
      );
      const all = await p.json(['mtree', 'show', 'mtrees']);
      assert.deepEqual((all['rows'] as { tname: string; tprefix: string }[]).map((r) => `${r.tname}:${r.tprefix}`), ['backup:0049', 'carriers:+44', 'carriers:0049']);
      const one = await p.json(['mtree', 'show', 'mtrees', '--tname', 'carriers']);
      assert.deepEqual((one['rows'] as { tprefix: string }[]).map((r) => r.tprefix), ['+44', '0049']);
      const human = await p.run(['mtree', 'show', 'mtrees']);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /tname/);

      assert.match(await expectError(p, ['mtree', 'add', 'mtrees', '0049', 'other', '--tname', 'carriers'], 'E_EXISTS', 20), /tree carriers of mtrees/);
      assert.match(await expectError(p, ['mtree', 'add', 'mtrees', '0031', 'gw-nl'], 'E_USAGE', 2), /--tname/);
      assert.match(await expectError(p, ['mtree', 'rm', 'mtrees', '0049'], 'E_USAGE', 2), /--tname/);
      assert.match(await expectError(p, ['mtree', 'add', 'mtree', '0031', 'gw-nl', '--tname', 'carriers'], 'E_USAGE', 2), /one tree/);
      await expectError(p, ['mtree', 'add', 'mtrees', '0031', 'gw-nl', '--tname', ''], 'E_USAGE', 2);
      await expectError(p, ['mtree', 'add', 'mtrees', '0031', 'gw-nl', '--tname', 'x'.repeat(129)], 'E_USAGE', 2);
      await expectError(p, ['mtree', 'add', 'mtrees', '0031', 'gw-nl', '--tname', 'a\u0001b'], 'E_USAGE', 2);
      await expectError(p, ['mtree', 'rm', 'mtrees', '0049', '--tname', 'nosuch'], 'E_NOT_FOUND', 21);

      const removed = await p.json(['mtree', 'rm', 'mtrees', '0049', '--tname', 'carriers']);
      assert.deepEqual((removed['removed'] as { tname: string }[]).map((r) => r.tname), ['carriers']);
      assert.deepEqual(
        (await p.rows('mtrees')).map((r) => [r['tname'], r['tprefix']]),
        [['backup', '0049'], ['carriers', '+44']],
      );

      // The one-tree table: rows carry tname null, and --tname is refused.
      await p.json(['mtree', 'add', 'mtree', '0049', 'gw-de']);
      const plain = await p.json(['mtree', 'show', 'mtree']);
      assert.deepEqual(plain['rows'], [{ id: (plain['rows'] as { id: number }[])[0]?.id, tname: null, tprefix: '0049', tvalue: 'gw-de' }]);
      await expectError(p, ['mtree', 'show', 'mtree', '--tname', 'x'], 'E_USAGE', 2);
    });
  });
}
