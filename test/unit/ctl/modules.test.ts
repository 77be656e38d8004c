import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { RpcFaultError } from '../../../src/rpc/rpc-fault.js';
import { parseAliases, parsePsx, parseSockets, parseUptime } from '../../../src/ctl/core.js';
import { renderPs, renderUptime } from '../../../src/ctl/core-view.js';
import { dispatcherSetState, parseDispatcherList, parseState, renderDispatcherDump } from '../../../src/ctl/dispatcher.js';
import { parseDomainDump, renderDomainShow } from '../../../src/ctl/domain.js';
import { addressDump } from '../../../src/ctl/permissions.js';
import { dialplanTranslate } from '../../../src/ctl/dialplan.js';
import { parseDlgList, renderDialogShow } from '../../../src/ctl/dialog.js';
import { checkPingUri, ping, pingHeaders } from '../../../src/ctl/ping.js';
import { binrpcResult, fakeCaller, jsonResult } from './captures.js';

describe('core replies', () => {
  it('uptime and ps, from both transports', () => {
    const up = parseUptime(jsonResult('core.uptime'));
    assert.deepEqual(up, { now: 'Thu Nov 26 11:38:29 2026', upSince: 'Thu Nov 26 11:38:09 2026', uptime: 20 });
    assert.equal(renderUptime(up), 'up 00:00:20 (20 s) since Thu Nov 26 11:38:09 2026; server time Thu Nov 26 11:38:29 2026');
    const ps = parsePsx(jsonResult('core.psx'));
    assert.equal(ps.length, 13);
    assert.deepEqual(ps[0], { idx: 0, pid: 24173, description: 'main process - attendant' });
    assert.deepEqual(parsePsx(binrpcResult('core.psx', 'list')).map((p) => p.description), ps.map((p) => p.description));
    assert.match(renderPs({ processes: ps }), /│ 9 +│ 24184 │ ctl handler/);
  });

  it('sockets and aliases as corex sends them', () => {
    const sockets = parseSockets([{ PROTO: 'udp', NAME: '127.0.0.1', ADDRLIST: { ADDR: '127.0.0.1' }, PORT: '5060', MCAST: 'no', MHOMED: 'no', VIRTUAL: 'no', SOCKNAME: '-', ADVERTISE: '-' }]);
    assert.deepEqual(sockets, [{ proto: 'udp', name: '127.0.0.1', addresses: ['127.0.0.1'], port: 5060, mcast: false, mhomed: false, virtual: false, sockname: null, advertise: null }]);
    assert.deepEqual(parseAliases([{ PROTO: '*', ADDR: 'example.test', PORT: 0 }]), [{ proto: '*', address: 'example.test', port: 0 }]);
  });
});

describe('dispatcher', () => {
  it('dispatcher.list reads the same on both transports, sets in order', () => {
    const json = parseDispatcherList(jsonResult('dispatcher.list'));
    assert.deepEqual(json.map((s) => [s.id, s.targets.map((t) => t.uri)]), [
      [1, ['sip:127.0.0.1:5071', 'sip:127.0.0.1:5072']],
      [2, ['sip:127.0.0.1:5073']],
    ]);
    assert.deepEqual(parseDispatcherList(binrpcResult('dispatcher.list')), json);
    assert.equal(json[0]?.targets[0]?.duid, 'gw1');
    assert.equal(json[1]?.targets[0]?.socket, null);
    assert.deepEqual(parseDispatcherList({}), []);
    assert.match(renderDispatcherDump({ sets: json }), /│ 1 +│ sip:127\.0\.0\.1:5071 │ AX +│ 10 /);
  });

  it('set-state checks the state and maps "State Update Failed" to E_NOT_FOUND', async () => {
    assert.equal(parseState('IP'), 'ip');
    assert.throws(() => parseState('z'), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE');
    const rpc = fakeCaller({ 'dispatcher.set_state': new RpcFaultError('dispatcher.set_state', 500, 'State Update Failed') });
    await assert.rejects(dispatcherSetState(rpc, { state: 'i', setId: 9, destination: 'sip:x' }), (e: unknown) => e instanceof AppError && e.code === 'E_NOT_FOUND');
  });
});

describe('domain, permissions, dialplan, dialog', () => {
  it('domain.dump', () => {
    const r = parseDomainDump(jsonResult('domain.dump'));
    assert.deepEqual(r, { domains: [{ domain: '127.0.0.1', did: 'local' }, { domain: 'example.test', did: 'example.test' }], attributes: [{ did: 'local', attrs: ['flavour'] }] });
    assert.deepEqual(parseDomainDump(binrpcResult('domain.dump')), r);
    assert.match(renderDomainShow(r), /│ 127\.0\.0\.1 +│ local +│ flavour/);
  });

  it('address dump joins addresses and subnets', async () => {
    const rpc = fakeCaller({ 'permissions.addressDump': jsonResult('permissions.addressDump'), 'permissions.subnetDump': jsonResult('permissions.subnetDump') });
    const r = await addressDump(rpc);
    assert.deepEqual(r.addresses, [
      { group: 1, ip: '127.0.0.1', mask: 32, port: 0, tag: 'local-host' },
      { group: 1, ip: '127.0.0.2', mask: 32, port: 5060, tag: null },
      { group: 2, ip: '127.0.0.0', mask: 8, port: 0, tag: 'loopback-net' },
    ]);
  });

  it('dialplan translate, and no match is E_NOT_FOUND', async () => {
    const rpc = fakeCaller({ 'dialplan.translate': (params) => (params[1] === '999' ? 'x' : jsonResult('dialplan.translate')) });
    assert.deepEqual(await dialplanTranslate(rpc, 1, '0301234567'), { dpid: 1, input: '0301234567', output: '+49301234567', attributes: 'national' });
    const none = fakeCaller({ 'dialplan.translate': new RpcFaultError('dialplan.translate', 500, 'No translation') });
    await assert.rejects(dialplanTranslate(none, 1, '999'), (e: unknown) => e instanceof AppError && e.code === 'E_NOT_FOUND');
  });

  it('dlg.list', () => {
    const dialogs = parseDlgList(jsonResult('dlg.list'));
    assert.equal(dialogs.length, 1);
    const [dialog] = dialogs;
    assert.ok(dialog !== undefined);
    assert.equal(dialog.callId, '1-28740@127.0.0.1');
    assert.equal(dialog.caller.tag, '28740SIPpTag001');
    assert.deepEqual(parseDlgList(jsonResult('dlg.list.empty')), []);
    assert.match(renderDialogShow({ dialogs }), /confirmed/);
  });
});

describe('ping', () => {
  it('sends OPTIONS with kamctl\'s headers and an empty body, and reads code and text', async () => {
    const rpc = fakeCaller({ 'tm.t_uac_wait_block': { code: 200, text: 'Alive' } });
    let t = 0;
    const r = await ping(rpc, 'sip:gw@192.0.2.1', 'example.com', () => (t += 12.5));
    assert.deepEqual(r, { uri: 'sip:gw@192.0.2.1', status: 200, reason: 'Alive', elapsedMs: 12.5 });
    const call = rpc.calls[0];
    assert.ok(call !== undefined);
    assert.equal(call.method, 'tm.t_uac_wait_block');
    assert.deepEqual(call.params.slice(0, 4), ['OPTIONS', 'sip:gw@192.0.2.1', '.', '.']);
    const headers = call.params[4];
    assert.ok(typeof headers === 'string');
    assert.match(headers, /^From: <sip:daemon@example\.com>;tag=[0-9a-f]{12}\r\nTo: <sip:gw@192\.0\.2\.1>\r\nContact: <sip:daemon@example\.com>\r\n$/);
    assert.equal(call.params[5], '');
    assert.match(pingHeaders('sip:a@b', 'h', 't'), /^From: <sip:daemon@h>;tag=t\r\n/);
    assert.throws(() => checkPingUri('gw.example.com'), /not a SIP URI/);
  });
});
