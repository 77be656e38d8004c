/**
 * The routing-data commands as an operator runs them, on SQLite always and on MariaDB and
 * PostgreSQL in CI: each command's normal path writes the row kamctl writes, bad input
 * (injection strings, unicode, over-long values, wrong argument counts, bad IPs, masks, ports,
 * regexes) exits with its code and leaves the database as it was.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Knex } from 'knex';
import { asRows, type Row } from '../../../../src/db/rows.js';
import { ENGINES, testDb, type TestDb } from '../../../support/db.js';
import { cleanEnv, runSipctl, type RunResult } from '../../../support/sipctl.js';

const INJECTION = "x'); DROP TABLE version; --";

function sipctl(db: TestDb, args: readonly string[], input?: string): Promise<RunResult> {
  return runSipctl(args, { env: cleanEnv(db.env), cwd: db.dir, ...(input === undefined ? {} : { input }) });
}

async function ok(db: TestDb, args: readonly string[], input?: string): Promise<RunResult> {
  const r = await sipctl(db, args, input);
  assert.equal(r.code, 0, `sipctl ${args.join(' ')} exited ${String(r.code)}:\n${r.stderr}${r.stdout}`);
  return r;
}

async function fails(db: TestDb, args: readonly string[], code: number, message?: RegExp): Promise<void> {
  const r = await sipctl(db, args);
  assert.equal(r.code, code, `sipctl ${args.join(' ')} exited ${String(r.code)}, expected ${String(code)}:\n${r.stderr}${r.stdout}`);
  if (message !== undefined) assert.match(r.stderr, message, `sipctl ${args.join(' ')}`);
}

async function rows(admin: Knex, table: string): Promise<Row[]> {
  return asRows(await admin(table).select('*').orderBy('id'));
}

function json(r: RunResult): unknown {
  return JSON.parse(r.stdout);
}

async function freshDb(t: TestContext, engine: (typeof ENGINES)[number]): Promise<TestDb | undefined> {
  const db = await testDb(t, engine);
  if (db === undefined) return undefined;
  t.after(() => db.cleanup());
  await ok(db, ['db', 'create', '--all', '--yes']);
  return db;
}

for (const engine of ENGINES) {
  describe(`routing data on ${engine}`, () => {
    it('domain, address and trusted write kamctl rows and refuse bad input', async (t) => {
      const db = await freshDb(t, engine);
      if (db === undefined) return;
      const admin = await db.admin();

      await ok(db, ['domain', 'add', 'example.com', '--did', 'ex', '--attr', 'rate=peak', '--int-attr', 'max=20']);
      await fails(db, ['domain', 'add', 'bücher.example'], 2, /host name/);
      await fails(db, ['domain', 'add', 'EXAMPLE.COM'], 20, /already/);
      await fails(db, ['domain', 'add', INJECTION], 2, /domain/);
      await fails(db, ['domain', 'add', `${'a'.repeat(60)}.example.com`], 2, /at most 64/);
      await fails(db, ['domain', 'add'], 2);
      await fails(db, ['domain', 'add', 'a.example', 'b.example'], 2);
      const domains = await rows(admin, 'domain');
      assert.deepEqual(domains.map((d) => [d['domain'], d['did']]), [['example.com', 'ex']]);
      const written = domains[0]?.['last_modified'];
      assert.ok(written instanceof Date ? Math.abs(written.getTime() - Date.now()) < 600_000 : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(String(written)), `last_modified ${String(written)}`);
      const attrs = await rows(admin, 'domain_attrs');
      assert.deepEqual(attrs.map((a) => [a['did'], a['name'], Number(a['type']), a['value']]), [['ex', 'rate', 2, 'peak'], ['ex', 'max', 0, '20']]);
      const shown = json(await ok(db, ['domain', 'showdb', '--json']));
      assert.ok(typeof shown === 'object' && shown !== null && 'domains' in shown && Array.isArray(shown.domains) && shown.domains.length === 1);
      await fails(db, ['domain', 'rm', 'nope.example'], 21, /not in the domain table/);
      await ok(db, ['domain', 'rm', 'example.com']);
      assert.equal((await rows(admin, 'domain')).length, 0);
      assert.equal((await rows(admin, 'domain_attrs')).length, 0);

      // Piped stdin never fills a missing argument: the mask stays 32, not 24.
      await ok(db, ['address', 'add', '1', '192.0.2.10'], '24\n');
      await ok(db, ['address', 'add', '1', '10.0.0.0/8', '--json']);
      await ok(db, ['address', 'add', '2', '2001:db8::1', '64', '5060', 'tag-ü']);
      await fails(db, ['address', 'add', '1', '192.0.2.10'], 20);
      for (const bad of [
        ['1', '192.0.2.300'],
        ['1', '192.0.2.1', '33'],
        ['1', '2001:db8::1', '129'],
        ['1', '192.0.2.1', '32', '70000'],
        ['1', '192.0.2.1', '32', '-1'],
        ['x', '192.0.2.1'],
        ['1', INJECTION],
        ['1', '10.0.0.0/8', '16'],
        ['1', '192.0.2.1', '32', '0', 't'.repeat(65)],
        ['1', '192.0.2.1', '32', '0', 'tag', 'extra'],
      ]) await fails(db, ['address', 'add', ...bad], 2);
      const addresses = await rows(admin, 'address');
      assert.deepEqual(addresses.map((a) => [Number(a['grp']), a['ip_addr'], Number(a['mask']), Number(a['port']), a['tag']]).slice(0, 2), [[1, '192.0.2.10', 32, 0, ''], [1, '10.0.0.0', 8, 0, '']]);
      assert.equal(addresses.length, 3);
      await fails(db, ['address', 'rm', '3', '192.0.2.10'], 21);
      await ok(db, ['address', 'rm', '1', '192.0.2.10']);
      assert.equal((await rows(admin, 'address')).length, 2);

      await ok(db, ['trusted', 'add', '192.0.2.20', 'udp', '^sip:[[:digit:]]+@carrier', 'c1']);
      await ok(db, ['trusted', 'add', '192.0.2.20', 'any']);
      await fails(db, ['trusted', 'add', '192.0.2.20', 'any'], 20);
      await fails(db, ['trusted', 'add', '192.0.2.21', 'carrier-pigeon'], 2, /protocol/);
      await fails(db, ['trusted', 'add', '192.0.2.21', 'udp', '^(unclosed'], 2, /from_pattern/);
      await fails(db, ['trusted', 'add', INJECTION, 'udp'], 2);
      const trusted = await rows(admin, 'trusted');
      assert.deepEqual(trusted.map((r) => [r['src_ip'], r['proto'], r['from_pattern'], r['tag'], r['ruri_pattern'], Number(r['priority'])]), [
        ['192.0.2.20', 'udp', '^sip:[[:digit:]]+@carrier', 'c1', null, 0],
        ['192.0.2.20', 'any', '', '', null, 0],
      ]);
      await ok(db, ['trusted', 'rm', '192.0.2.20']);
      await fails(db, ['trusted', 'rm', '192.0.2.20'], 21);
      assert.equal((await rows(admin, 'version')).length > 0, true, 'the version table survived the injection strings');
    });

    it('dispatcher and dialplan check destinations and regexes before writing', async (t) => {
      const db = await freshDb(t, engine);
      if (db === undefined) return;
      const admin = await db.admin();

      await ok(db, ['dispatcher', 'add', '1', 'sip:192.0.2.30:5060']);
      await ok(db, ['dispatcher', 'addgw', '1', 'sip:192.0.2.31;transport=tcp', '2', '10', 'weight=50;duid=gw2', 'Gateway ✓']);
      await ok(db, ['dispatcher', 'add', '2', 'sip:gw.example.com']);
      await fails(db, ['dispatcher', 'add', '1', 'sip:192.0.2.30:5060'], 20);
      for (const bad of [
        ['1', '192.0.2.30'],
        ['1', 'sip:192.0.2.30;transport=foo'],
        ['1', 'sip:192.0.2.30:99999'],
        ['x', 'sip:192.0.2.30'],
        ['1', 'sip:192.0.2.40', 'one'],
        ['1', 'sip:192.0.2.40', '0', '0', 'weight=500'],
        ['1', `sip:${INJECTION}`],
        ['1'],
      ]) await fails(db, ['dispatcher', 'add', ...bad], 2);
      const ds = await rows(admin, 'dispatcher');
      assert.deepEqual(ds.map((r) => [Number(r['setid']), r['destination'], Number(r['flags']), Number(r['priority']), r['attrs'], r['description']]), [
        [1, 'sip:192.0.2.30:5060', 0, 0, '', ''],
        [1, 'sip:192.0.2.31;transport=tcp', 2, 10, 'weight=50;duid=gw2', 'Gateway ✓'],
        [2, 'sip:gw.example.com', 0, 0, '', ''],
      ]);
      await ok(db, ['dispatcher', 'rmip', '192.0.2.31', '1']);
      await fails(db, ['dispatcher', 'rmip', '192.0.2.31', '1'], 21);
      await ok(db, ['dispatcher', 'rm', String(ds[0]?.['id'])]);
      await fails(db, ['dispatcher', 'rm', '9999'], 21);
      await ok(db, ['dispatcher', 'rmset', '2']);
      assert.equal((await rows(admin, 'dispatcher')).length, 0);

      await ok(db, ['dialplan', 'addrule', '1', '10', 'regexp', '^00([1-9][0-9]+)$', '0', '^00(.*)$', '+\\1']);
      await ok(db, ['dialplan', 'addrule', '1', '20', 'equal', '112']);
      await ok(db, ['dialplan', 'addrule', '2', '1', 'fnmatch', '49*']);
      await fails(db, ['dialplan', 'addrule', '1', '20', 'equal', '112'], 20);
      for (const bad of [
        ['1', '1', 'regexp', '^a++$'],
        ['1', '1', 'regexp', '(?i)abc'],
        ['1', '1', 'regexp', '[[:digit:]]+'],
        ['1', '1', 'regexp', '^(open'],
        ['1', '1', 'regexp', '^00', '0', '^00(.*)$', '\\2'],
        ['1', '1', 'like', 'x'],
        ['1', '1', 'equal', 'x'.repeat(65)],
        ['1', 'one', 'equal', '112'],
      ]) await fails(db, ['dialplan', 'addrule', ...bad], 2);
      const dp = await rows(admin, 'dialplan');
      assert.deepEqual(dp.map((r) => [Number(r['dpid']), Number(r['pr']), Number(r['match_op']), r['match_exp'], Number(r['match_len']), r['subst_exp'], r['repl_exp'], r['attrs']]), [
        [1, 10, 1, '^00([1-9][0-9]+)$', 0, '^00(.*)$', '+\\1', ''],
        [1, 20, 0, '112', 0, '', '', ''],
        [2, 1, 2, '49*', 0, '', '', ''],
      ]);
      await ok(db, ['dialplan', 'rmrule', '1', '20']);
      await fails(db, ['dialplan', 'rmrule', '1', '20'], 21);
      await fails(db, ['dialplan', 'rm'], 15);
      assert.equal((await rows(admin, 'dialplan')).length, 2, 'nothing removed without --yes');
      await ok(db, ['dialplan', 'rmdpid', '2']);
      const rm = json(await ok(db, ['dialplan', 'rm', '--yes', '--json']));
      assert.deepEqual(rm, { removed: 1 });
    });

    it('mtree, cr, uacreg, acc, ul dbclean and the raw db commands', async (t) => {
      const db = await freshDb(t, engine);
      if (db === undefined) return;
      const admin = await db.admin();

      await ok(db, ['mtree', 'add', 'mtree', '0049', 'gw-de']);
      await fails(db, ['mtree', 'add', 'mtree', '0049', 'gw-x'], 20);
      await fails(db, ['mtree', 'add', 'mtree', '00a', 'x'], 2, /char_list/);
      await fails(db, ['mtree', 'add', 'mtree; DROP TABLE version', '1', 'x'], 2);
      await fails(db, ['mtree', 'add', 'no_such_table', '1', 'x'], 21);
      assert.deepEqual((await rows(admin, 'mtree')).map((r) => [r['tprefix'], r['tvalue']]), [['0049', 'gw-de']]);
      await ok(db, ['mtree', 'rm', 'mtree', '0049']);
      await fails(db, ['mtree', 'rm', 'mtree', '0049'], 21);

      await ok(db, ['cr', 'addcn', '1', 'carrier_a']);
      await ok(db, ['cr', 'adddn', '1', 'default']);
      await fails(db, ['cr', 'addcn', '1', 'other'], 20);
      await ok(db, ['cr', 'addcarrier', '1', '49', '1', 'gw1.example.com']);
      await ok(db, ['cr', 'addcarrier', '1', '49', '1', 'gw2.example.com', '0.5', '2', '0049', '', '3', '4', 'half']);
      await fails(db, ['cr', 'addcarrier', '1', '49', '1', 'gw3.example.com', '1.5'], 2, /probability/);
      const cr = await rows(admin, 'carrierroute');
      assert.deepEqual(cr.map((r) => [Number(r['carrier']), Number(r['domain']), r['scan_prefix'], Number(r['prob']), Number(r['strip']), r['rewrite_host'], r['rewrite_prefix'], Number(r['mask']), Number(r['flags']), r['description']]), [
        [1, 1, '49', 1, 0, 'gw1.example.com', '', 0, 0, ''],
        [1, 1, '49', 0.5, 2, 'gw2.example.com', '0049', 3, 4, 'half'],
      ]);
      await ok(db, ['cr', 'rmcarrier', '1', '49', '1']);
      await ok(db, ['cr', 'rmcn', '1']);
      await ok(db, ['cr', 'rmdn', '1']);
      await fails(db, ['cr', 'rmdn', '1'], 21);

      await ok(db, ['uacreg', 'add', 'gw1', 'alice', 'example.com', '4930123', 'sip.carrier.example', 'sip.carrier.example', '4930123', '--password-stdin', '--auth-proxy', 'sip:sip.carrier.example', '--expires', '600'], 'se cret #1\n');
      await fails(db, ['uacreg', 'add', 'gw1', 'alice', 'example.com', 'u', 'd', 'r', 'a', '--auth-ha1', '0'.repeat(32)], 20);
      await fails(db, ['uacreg', 'add', 'gw2', 'alice', 'example.com', 'u', 'd', 'r', 'a'], 2, /password or an HA1/);
      const uac = await rows(admin, 'uacreg');
      assert.deepEqual(uac.map((r) => [r['l_uuid'], r['auth_password'], r['auth_proxy'], Number(r['expires']), r['socket']]), [['gw1', 'se cret #1', 'sip:sip.carrier.example', 600, '']]);
      const shown = await ok(db, ['uacreg', 'show']);
      assert.ok(!shown.stdout.includes('se cret'), 'the password is hidden');
      await ok(db, ['uacreg', 'rm', 'gw1']);
      await fails(db, ['uacreg', 'rm', 'gw1'], 21);

      await ok(db, ['acc', 'initdb']);
      const again = json(await ok(db, ['acc', 'initdb', '--json']));
      assert.ok(typeof again === 'object' && again !== null && 'added' in again && Array.isArray(again.added) && again.added.length === 0);
      const accCols = Object.keys(await admin('acc').columnInfo());
      for (const c of ['src_user', 'src_domain', 'src_ip', 'dst_ouser', 'dst_user', 'dst_domain']) assert.ok(accCols.includes(c), c);
      const now = new Date();
      const pad = (n: number): string => String(n).padStart(2, '0');
      const stamp = (d: Date): string => `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      await admin('acc').insert([
        { method: 'INVITE', callid: 'old', sip_code: '200', time: stamp(new Date(now.getTime() - 3_600_000)), src_user: 'alice' },
        { method: 'INVITE', callid: 'new', sip_code: '200', time: stamp(now), src_user: 'bob' },
      ]);
      const recent = json(await ok(db, ['acc', 'recent', '--json']));
      assert.ok(typeof recent === 'object' && recent !== null && 'rows' in recent && Array.isArray(recent.rows));
      assert.deepEqual(recent.rows.map((r: unknown) => (typeof r === 'object' && r !== null && 'callid' in r ? r.callid : undefined)), ['new']);
      assert.match((await ok(db, ['acc', 'showdb'])).stdout, /old[\s\S]*new/);

      await admin('location').insert([
        { ruid: 'r1', username: 'stale', contact: 'sip:a@192.0.2.1', expires: stamp(new Date(now.getTime() - 7_200_000)) },
        { ruid: 'r2', username: 'fresh', contact: 'sip:b@192.0.2.2', expires: stamp(new Date(now.getTime() + 600_000)) },
        { ruid: 'r3', username: 'permanent', contact: 'sip:c@192.0.2.3', expires: '1970-01-01 01:00:00' },
      ]);
      await ok(db, ['ul', 'dbclean']);
      assert.deepEqual((await rows(admin, 'location')).map((r) => r['username']), ['fresh', 'permanent']);

      const exec = json(await ok(db, ['db', 'exec', 'INSERT INTO domain (domain, last_modified) VALUES (?, ?)', '--bind', INJECTION, '--bind', '2020-01-01 00:00:00', '--json']));
      assert.deepEqual(exec, { columns: [], rows: [], affected: 1 });
      const match = json(await ok(db, ['db', 'smatch', 'domain', 'domain', INJECTION, '--json']));
      assert.ok(typeof match === 'object' && match !== null && 'rows' in match && Array.isArray(match.rows) && match.rows.length === 1);
      await fails(db, ['db', 'smatch', 'domain', 'nope', 'x'], 21);
      await fails(db, ['db', 'smatch', 'no_table', 'domain', 'x'], 21);
      await fails(db, ['db', 'nmatch', 'domain', 'id', '1 OR 1=1'], 2);
      const n = json(await ok(db, ['db', 'nmatch', 'domain', 'id', '1', '--json']));
      assert.ok(typeof n === 'object' && n !== null && 'rows' in n && Array.isArray(n.rows) && n.rows.length === 1);
      const q = json(await ok(db, ['db', 'query', 'SELECT domain FROM domain WHERE domain = ?', '--bind', INJECTION, '--json']));
      assert.ok(typeof q === 'object' && q !== null && 'columns' in q);
      assert.deepEqual(q.columns, ['domain']);
      const ro = await sipctl(db, ['db', 'query', 'DELETE FROM domain']);
      assert.notEqual(ro.code, 0, 'db query cannot write');
      assert.equal((await rows(admin, 'domain')).length, 1);
      await fails(db, ['db', 'exec', 'SELECT ?'], 2, /placeholder/);
      assert.match((await ok(db, ['db', 'show', 'version'])).stdout, /subscriber/);
      await fails(db, ['db', 'show', 'version; DROP TABLE version'], 21);
    });
  });
}
