/**
 * --quiet on every provisioning command that writes: the routing-data commands (dispatcher,
 * address, trusted, dialplan, domain, mtree, cr, uacreg) as well as the user ones print nothing
 * on success, still report errors on stderr with their exit code, and still print under --json.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../../support/db.js';
import { provisionDb } from './provision-db.js';

/** Each command that writes, in an order where each one finds what it needs. */
const WRITES: readonly (readonly string[])[] = [
  ['domain', 'add', 'example.org'],
  ['address', 'add', '1', '192.0.2.10'],
  ['trusted', 'add', '192.0.2.20', 'any'],
  ['dispatcher', 'add', '1', 'sip:192.0.2.30:5060'],
  ['dispatcher', 'add', '2', 'sip:192.0.2.31:5060'],
  ['dispatcher', 'add', '3', 'sip:192.0.2.32:5060'],
  ['dialplan', 'addrule', '1', '10', 'regexp', '^00([1-9][0-9]+)$', '0', '^00(.*)$', '+\\1'],
  ['dialplan', 'addrule', '2', '10', 'equal', '112', '0', '', 'sip:sos@192.0.2.1'],
  ['dialplan', 'addrule', '3', '10', 'equal', '110', '0', '', 'sip:sos@192.0.2.1'],
  ['mtree', 'add', 'mtree', '0049', 'gw-de'],
  ['cr', 'addcn', '1', 'carrier_a'],
  ['cr', 'adddn', '1', 'default'],
  ['cr', 'addcarrier', '1', '49', '1', 'gw1.example.com'],
  ['uacreg', 'add', 'gw1', 'alice', 'example.com', '4930123', 'sip.carrier.example', 'sip.carrier.example', '4930123', '--password-stdin'],
  ['add', 'alice', 'pw'],
  ['acl', 'grant', 'alice', 'local'],
  ['sets', 'alice', 'domain', 'x'],
  ['dispatcher', 'rmip', '192.0.2.30', '1'],
  ['dispatcher', 'rmset', '2'],
  ['address', 'rm', '1', '192.0.2.10'],
  ['trusted', 'rm', '192.0.2.20'],
  ['dialplan', 'rmrule', '1', '10'],
  ['dialplan', 'rmdpid', '2'],
  ['dialplan', 'rm', '--yes'],
  ['mtree', 'rm', 'mtree', '0049'],
  ['cr', 'rmcarrier', '1', '49', '1'],
  ['cr', 'rmcn', '1'],
  ['cr', 'rmdn', '1'],
  ['uacreg', 'rm', 'gw1'],
  ['domain', 'rm', 'example.org'],
];

for (const engine of ENGINES) {
  describe(`--quiet on ${engine}`, () => {
    it('every provisioning command that writes is silent on success and still reports failure', async (t) => {
      const p = await provisionDb(t, engine);
      if (p === undefined) return;
      const extra = await p.run(['db', 'add-tables', 'mtree', 'carrierroute', 'uac']);
      assert.equal(extra.code, 0, extra.stderr);
      for (const args of WRITES) {
        const r = await p.run([...args, '--quiet'], args[0] === 'uacreg' ? { input: 'secret' } : {});
        const expected = args[0] === 'sets' ? 2 : 0;
        assert.equal(r.code, expected, `sipctl ${args.join(' ')} --quiet: exit ${String(r.code)}\n${r.stderr}`);
        assert.equal(r.stdout, '', `sipctl ${args.join(' ')} --quiet printed ${JSON.stringify(r.stdout)}`);
        if (expected !== 0) assert.match(r.stderr, /E_USAGE/, 'a quiet failure still says why');
      }
      assert.equal((await p.rows('dispatcher')).length, 1, 'the row of set 3 remains');
      // The short form, a failure on stderr, and --json still printing.
      const dup = await p.run(['dispatcher', 'add', '3', 'sip:192.0.2.33:5060', '-q']);
      assert.deepEqual([dup.code, dup.stdout], [0, '']);
      const missing = await p.run(['domain', 'rm', 'nowhere.example', '-q']);
      assert.equal(missing.code, 21);
      assert.equal(missing.stdout, '');
      assert.match(missing.stderr, /E_NOT_FOUND/);
      const listed = await p.run(['dispatcher', 'show', '--quiet', '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(JSON.parse(listed.stdout) !== null);
      const loud = await p.run(['domain', 'add', 'example.net']);
      assert.equal(loud.code, 0, loud.stderr);
      assert.notEqual(loud.stdout, '', 'without --quiet the command says what it did');
    });
  });
}
