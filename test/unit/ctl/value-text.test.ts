import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenValues, formatValues, kamcmdText } from '../../../src/ctl/value-text.js';
import { binrpcResult, jsonResult, kamcmdOutput } from './captures.js';

describe('kamcmd-style text', () => {
  // Replies whose kamcmd output has no volatile fields between the BINRPC capture and kamcmd's print.
  for (const label of ['core.uptime', 'dispatcher.list', 'dlg.list', 'ul.dump.brief', 'core.psx', 'system.listMethods', 'stats.get_statistics.group', 'ul.lookup.added']) {
    it(`${label} prints as kamcmd printed it`, () => {
      const list = ['core.psx', 'system.listMethods', 'stats.get_statistics.group'].includes(label);
      assert.equal(kamcmdText(binrpcResult(label, list ? 'list' : 'value')), kamcmdOutput(label));
    });
  }

  it('a JSON-RPC reply prints the same as the BINRPC one', () => {
    assert.equal(kamcmdText(jsonResult('dispatcher.list')).replaceAll('<null string>', ''), kamcmdOutput('dispatcher.list').replaceAll('<null string>', ''));
  });

  it('-f: each %v takes the next value, the format repeats, escapes work', () => {
    const ps = [1, 'main', 2, 'udp receiver'];
    assert.equal(formatValues('%v\\t%v\\n', ps), '1\tmain\n2\tudp receiver\n');
    assert.equal(formatValues('up %v s (100%%)\\n', 42), 'up 42 s (100%)\n');
    assert.equal(formatValues('no values\\n', [1, 2]), 'no values\n');
    assert.deepEqual(flattenValues({ a: 1, b: { c: 'x', d: null } }), ['1', 'x', '<null string>']);
  });
});
