import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { RpcFaultError } from '../../../src/rpc/rpc-fault.js';
import { RpcDouble } from '../../../src/rpc/rpc-value.js';
import { formatDuration, online, parseExpires, parseQ, parseUlDump, parseUlDumpBrief, parseUlLookup, qualifyAor, ulAdd, ulRm, ulRmContact, ulShow } from '../../../src/ctl/usrloc.js';
import { renderUlShow } from '../../../src/ctl/usrloc-view.js';
import { binrpcResult, fakeCaller, jsonResult } from './captures.js';

describe('usrloc replies', () => {
  it('ul.dump reads the same from JSON-RPC and BINRPC captures', () => {
    const fromJson = parseUlDump(jsonResult('ul.dump'));
    const fromBinrpc = parseUlDump(binrpcResult('ul.dump'));
    assert.deepEqual(
      fromJson.map((r) => [r.table, r.aor, r.contacts.map((c) => c.address)]),
      [
        ['location', 'bob', ['sip:bob@127.0.0.1:5062']],
        ['location', 'alice', ['sip:alice@127.0.0.1:5060', 'sip:alice@127.0.0.1:5061']],
      ],
    );
    // Only volatile fields may differ between the two passes of the capture.
    const strip = (records: typeof fromJson) => records.map((r) => ({ ...r, contacts: r.contacts.map((c) => ({ ...c, expires: 0, lastModified: 0 })) }));
    assert.deepEqual(strip(fromBinrpc), strip(fromJson));
    const bob = fromJson[0]?.contacts[0];
    assert.ok(bob !== undefined);
    assert.equal(bob.q, null, 'Q -1 means no q');
    assert.equal(bob.methods, 4294967295);
    assert.equal(bob.received, null, '[not set] is null');
    assert.equal(bob.userAgent, 'sipsak 0.9.8.1');
    assert.equal(fromBinrpc[0]?.contacts[0]?.methods, 4294967295, 'BINRPC sends u32 as a signed INT');
  });

  it('ul.dump brief lists AoRs per table, on both transports', () => {
    const expected = [
      { table: 'location', aor: 'bob' },
      { table: 'location', aor: 'alice' },
    ];
    assert.deepEqual(parseUlDumpBrief(jsonResult('ul.dump.brief')), expected);
    assert.deepEqual(parseUlDumpBrief(binrpcResult('ul.dump.brief')), expected);
  });

  it('an empty location table (BINRPC sends AoRs as an empty struct) has no records', () => {
    assert.deepEqual(parseUlDump({ Domains: { Domain: { Domain: 'location', Size: 1024, AoRs: {}, Stats: { Records: 0 } } } }), []);
  });

  it('ul.lookup gives one record; a reply of the wrong shape is E_RPC_PROTOCOL', () => {
    const alice = parseUlLookup('location', jsonResult('ul.lookup'));
    assert.equal(alice.aor, 'alice');
    assert.equal(alice.contacts.length, 2);
    assert.deepEqual(parseUlLookup('location', binrpcResult('ul.lookup')).contacts.map((c) => c.address), alice.contacts.map((c) => c.address));
    assert.throws(() => parseUlLookup('location', 'nonsense'), (e: unknown) => e instanceof AppError && e.code === 'E_RPC_PROTOCOL' && /ul\.lookup/.test(e.message));
  });
});

describe('usrloc arguments', () => {
  it('AoRs: SIP_DOMAIN is added to bare names, sip: is dropped', () => {
    assert.equal(qualifyAor('alice', 'example.com'), 'alice@example.com');
    assert.equal(qualifyAor('alice', undefined), 'alice');
    assert.equal(qualifyAor('sip:bob@b.example', 'example.com'), 'bob@b.example');
    assert.throws(() => qualifyAor(' ', undefined), /not an address of record/);
  });

  it('q and expires are checked', () => {
    assert.equal(parseQ('0.5'), 0.5);
    assert.equal(parseQ('1.0'), 1);
    assert.equal(parseQ('0'), 0);
    for (const bad of ['1.5', '-0.1', 'x', '0.1234']) assert.throws(() => parseQ(bad), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE', bad);
    assert.equal(parseExpires('3600'), 3600);
    for (const bad of ['-1', '1.5', '99999999999']) assert.throws(() => parseExpires(bad), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE', bad);
  });

  it('durations', () => {
    assert.equal(formatDuration(59), '00:00:59');
    assert.equal(formatDuration(3661), '01:01:01');
    assert.equal(formatDuration(90061), '1d 01:01:01');
  });
});

describe('usrloc calls', () => {
  it('ul add sends kamctl\'s nine parameters with q as a double', async () => {
    const rpc = fakeCaller({ 'ul.add': {} });
    const r = await ulAdd(rpc, { aor: 'carol', contact: 'sip:carol@127.0.0.1:5075', expires: 3600, q: 0.5 });
    assert.deepEqual(rpc.calls, [{ method: 'ul.add', params: ['location', 'carol', 'sip:carol@127.0.0.1:5075', 3600, new RpcDouble(0.5), '', 0, 0, 4294967295] }]);
    assert.deepEqual(r, { table: 'location', aor: 'carol', contact: 'sip:carol@127.0.0.1:5075', expires: 3600, q: 0.5 });
    await assert.rejects(ulAdd(rpc, { aor: 'carol', contact: 'carol@host' }), /not a contact URI/);
  });

  it('ul rm of an unknown AoR is E_NOT_FOUND, and nothing is removed', async () => {
    const rpc = fakeCaller({ 'ul.lookup': new RpcFaultError('ul.lookup', 500, 'AOR not found in location table'), 'ul.rm': {} });
    await assert.rejects(ulRm(rpc, 'nobody'), (e: unknown) => e instanceof AppError && e.code === 'E_NOT_FOUND' && /nobody/.test(e.message));
    assert.deepEqual(rpc.calls.map((c) => c.method), ['ul.lookup']);
  });

  it('ul rm removes a known AoR and reports its contacts', async () => {
    const rpc = fakeCaller({ 'ul.lookup': jsonResult('ul.lookup'), 'ul.rm': {} });
    const r = await ulRm(rpc, 'alice');
    assert.deepEqual(r.removed, ['sip:alice@127.0.0.1:5060', 'sip:alice@127.0.0.1:5061']);
    assert.deepEqual(rpc.calls[1], { method: 'ul.rm', params: ['location', 'alice'] });
  });

  it('ul rm-contact maps 404 to E_NOT_FOUND', async () => {
    const rpc = fakeCaller({ 'ul.rm_contact': new RpcFaultError('ul.rm_contact', 404, 'Contact not found') });
    await assert.rejects(ulRmContact(rpc, 'alice', 'sip:x@y'), (e: unknown) => e instanceof AppError && e.code === 'E_NOT_FOUND');
  });

  it('online is sorted and unique; ul show picks the method by mode', async () => {
    const rpc = fakeCaller({ 'ul.dump': (params) => (params[0] === 'brief' ? jsonResult('ul.dump.brief') : jsonResult('ul.dump')), 'ul.lookup': jsonResult('ul.lookup') });
    assert.deepEqual(await online(rpc), { aors: ['alice', 'bob'] });
    assert.equal((await ulShow(rpc, { brief: true })).mode, 'brief');
    const one = await ulShow(rpc, { aor: 'alice' });
    assert.equal(one.mode, 'aor');
    assert.deepEqual(rpc.calls.at(-1), { method: 'ul.lookup', params: ['location', 'alice'] });
  });
});

describe('usrloc tables', () => {
  it('one row per contact with expires, q and user agent', () => {
    const text = renderUlShow({ mode: 'all', records: parseUlDump(jsonResult('ul.dump')) });
    const lines = text.split('\n');
    assert.ok(lines.some((l) => l.includes('sip:alice@127.0.0.1:5061') && l.includes('00:29:40') && l.includes('sipsak')), text);
    assert.match(text, /2 AoR\(s\), 3 contact\(s\)$/);
    assert.equal(renderUlShow({ mode: 'all', records: [] }), 'no contacts registered');
    assert.match(renderUlShow({ mode: 'brief', aors: [{ table: 'location', aor: 'bob' }] }), /│ bob\s+│ location │/);
  });
});
