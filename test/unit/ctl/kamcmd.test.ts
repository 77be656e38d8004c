import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinHelp, completeLine, kamcmdCall, splitWords } from '../../../src/ctl/kamcmd.js';
import { RpcDouble } from '../../../src/rpc/rpc-value.js';

describe('kamcmd command language', () => {
  it('aliases resolve to methods with their formats; arguments are typed', () => {
    assert.deepEqual(kamcmdCall(['ps'], undefined), { method: 'core.ps', params: [], format: '%v\\t%v\\n' });
    assert.deepEqual(kamcmdCall(['ls'], undefined), { method: 'system.listMethods', params: [], format: undefined });
    assert.deepEqual(kamcmdCall(['ps'], '%v\\n').format, '%v\\n');
    assert.deepEqual(kamcmdCall(['ul.add', 'location', 'a', 'sip:a@b', '0', '1.0', 's:5'], undefined).params, ['location', 'a', 'sip:a@b', 0, new RpcDouble(1), '5']);
    assert.equal(kamcmdCall(['toString'], undefined).method, 'toString', 'no prototype names taken for aliases');
    assert.throws(() => kamcmdCall([], undefined), /name an RPC method/);
  });

  it('splits lines with quotes and escapes', () => {
    assert.deepEqual(splitWords('  ul.lookup  location "alice smith" \'\' x\\ y'), ['ul.lookup', 'location', 'alice smith', '', 'x y']);
    assert.deepEqual(splitWords(''), []);
    assert.throws(() => splitWords('core.echo "open'), /unbalanced/);
  });

  it('completes method names, aliases and help\'s argument', () => {
    const methods = ['core.uptime', 'core.version', 'ul.dump', 'system.methodHelp'];
    assert.deepEqual(completeLine('core.', methods), [['core.uptime', 'core.version'], 'core.']);
    assert.deepEqual(completeLine('ver', methods)[0], ['ver', 'version']);
    assert.deepEqual(completeLine('help ul', methods), [['ul.dump'], 'ul']);
    assert.deepEqual(completeLine('ul.dump br', methods), [[], 'br']);
    assert.match(builtinHelp('ps') ?? '', /alias of core\.ps/);
    assert.equal(builtinHelp('core.uptime'), undefined);
  });
});
