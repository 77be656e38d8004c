import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { getStats, parseStatLine, parseStatsReply, statsQuery } from '../../../src/ctl/stats.js';
import { groupDigits, renderStats } from '../../../src/ctl/stats-view.js';
import { binrpcResult, fakeCaller, jsonResult } from './captures.js';

describe('statistics', () => {
  it('reads "group:name = value" lines', () => {
    assert.deepEqual(parseStatLine('sl:200_replies = 12'), { group: 'sl', name: '200_replies', value: 12 });
    assert.deepEqual(parseStatLine('shmem:free_size = 64068584'), { group: 'shmem', name: 'free_size', value: 64068584 });
    assert.equal(parseStatLine('garbage'), undefined);
  });

  it('drops the duplicates Kamailio sends for overlapping names', () => {
    const rows = parseStatsReply(jsonResult('stats.get_statistics.multi'));
    assert.deepEqual(
      rows.map((r) => `${r.group}:${r.name}`),
      ['usrloc:location_contacts', 'usrloc:location_expires', 'usrloc:location_users', 'usrloc:registered_users', 'sl:sent_replies'],
    );
  });

  it('JSON-RPC and BINRPC captures give the same rows', () => {
    const json = parseStatsReply(jsonResult('stats.get_statistics.all'));
    const bin = parseStatsReply(binrpcResult('stats.get_statistics.all', 'list'));
    assert.deepEqual(bin.map((r) => `${r.group}:${r.name}`), json.map((r) => `${r.group}:${r.name}`));
    assert.ok(json.length > 50);
    assert.throws(() => parseStatsReply({}), (e: unknown) => e instanceof AppError && e.code === 'E_RPC_PROTOCOL');
  });

  it('selectors: none is all, a bare word is group and name, group:name filters', () => {
    assert.deepEqual(statsQuery([]), [{ params: ['all'] }]);
    assert.deepEqual(statsQuery(['sl']), [{ params: ['sl:', 'sl'] }]);
    assert.deepEqual(statsQuery(['shmem:']), [{ params: ['shmem:'] }]);
    assert.deepEqual(statsQuery(['core:rcv_requests']), [{ params: ['rcv_requests'], group: 'core' }]);
    assert.throws(() => statsQuery(['a b']), /not a statistic/);
  });

  it('getStats merges several selectors and fails on names the server lacks', async () => {
    const rpc = fakeCaller({
      'stats.get_statistics': (params) => (params[0] === 'shmem:' ? jsonResult('stats.get_statistics.group') : params[1] === 'rcv_requests' || params[0] === 'rcv_requests' ? jsonResult('stats.get_statistics.single') : []),
    });
    const r = await getStats(rpc, ['shmem:', 'core:rcv_requests']);
    assert.equal(r.stats.length, 7);
    assert.deepEqual(r.stats.at(-1), { group: 'core', name: 'rcv_requests', value: 0 });
    await assert.rejects(getStats(rpc, ['no_such_stat']), (e: unknown) => e instanceof AppError && e.code === 'E_NOT_FOUND');
  });

  it('the table right-aligns grouped values', () => {
    assert.equal(groupDigits(64068584), '64,068,584');
    assert.equal(groupDigits(-1234), '-1,234');
    const text = renderStats({ stats: [{ group: 'shmem', name: 'free_size', value: 64068584 }, { group: 'shmem', name: 'fragments', value: 7 }] });
    assert.match(text, /│ shmem │ free_size │ 64,068,584 │/);
    assert.match(text, /│ shmem │ fragments │ {10}7 │/);
  });
});
