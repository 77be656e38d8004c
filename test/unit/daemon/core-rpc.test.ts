/**
 * core.aliases_list in Kamailio 5.6's shape. The expected values are what Kamailio 5.6 answered
 * (jsonrpcs FIFO, kamcmd) with auto_aliases=no and, in this order:
 *
 *   alias=udp:foo.example.org
 *   alias="bar.example.net"
 *   alias=example.com:5060
 *   alias="quoted.example.com:5070"
 *   alias=tcp:Mixed.Example.ORG:5080
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostAliasList, type HostAlias } from '../../../src/cfg/core-services.js';
import { coreRpc, type CoreInfo } from '../../../src/daemon/core-rpc.js';
import { RpcFault } from '../../../src/rpc/rpc-method.js';
import type { RpcValue } from '../../../src/rpc/rpc-value.js';
import { resultRecords } from '../../../src/rpc/server/binrpc-answer.js';

const DECLARED: readonly HostAlias[] = [
  { proto: 'udp', host: 'foo.example.org', port: null },
  { proto: null, host: 'bar.example.net', port: null },
  { proto: null, host: 'example.com', port: 5060 },
  { proto: null, host: 'quoted.example.com:5070', port: null },
  { proto: 'tcp', host: 'Mixed.Example.ORG', port: 5080 },
];

function info(aliases: readonly HostAlias[]): CoreInfo {
  return {
    version: '0.1.0',
    startedAt: new Date(),
    processes: () => ['main'],
    logLevel: () => 0,
    setLogLevel: () => undefined,
    cfgVars: new Map(),
    tcp: () => ({ readers: 0, maxConnections: 0, openedConnections: 0, writeQueuedBytes: 0 }),
    aliases: () => aliases,
  };
}

async function aliasesList(aliases: readonly HostAlias[]): Promise<RpcValue> {
  const method = coreRpc(info(aliases)).find((m) => m.name === 'core.aliases_list');
  assert.ok(method !== undefined, 'core.aliases_list is served');
  assert.equal(method.doc, 'List local SIP server host aliases');
  assert.notEqual(method.returns, 'list');
  return method.handler({ method: method.name, params: [], fault: (code, message) => new RpcFault(code, message) });
}

describe('core.aliases_list', () => {
  it('gives myself_callbacks and the aliases, last declared first, proto * and port * for any (as Kamailio 5.6)', async () => {
    const got = await aliasesList(hostAliasList(DECLARED));
    // Kamailio's JSON-RPC result.
    assert.deepEqual(got, {
      myself_callbacks: 'no',
      aliases: [
        { alias: { proto: 'tcp', address: 'Mixed.Example.ORG', port: 5080 } },
        { alias: { proto: '*', address: 'quoted.example.com:5070', port: '*' } },
        { alias: { proto: '*', address: 'example.com', port: 5060 } },
        { alias: { proto: '*', address: 'bar.example.net', port: '*' } },
        { alias: { proto: 'udp', address: 'foo.example.org', port: '*' } },
      ],
    });
  });

  it('over BINRPC: one struct whose aliases member repeats the name "alias"', async () => {
    const records = resultRecords(await aliasesList(hostAliasList(DECLARED)), 'value');
    assert.equal(records.length, 1);
    const [top] = records;
    assert.ok(top?.type === 'struct');
    assert.deepEqual(top.items[0], { type: 'str', value: 'no', name: 'myself_callbacks' });
    const list = top.items[1];
    assert.ok(list?.type === 'struct' && list.name === 'aliases');
    assert.deepEqual(
      list.items.map((r) => r.name),
      ['alias', 'alias', 'alias', 'alias', 'alias'],
    );
    assert.deepEqual(list.items[4], {
      type: 'struct',
      name: 'alias',
      items: [
        { type: 'str', value: 'udp', name: 'proto' },
        { type: 'str', value: 'foo.example.org', name: 'address' },
        { type: 'str', value: '*', name: 'port' },
      ],
    });
    assert.deepEqual(list.items[0]?.type === 'struct' ? list.items[0].items[2] : undefined, { type: 'int', value: 5080, name: 'port' });
  });

  it('without aliases: an empty list (Kamailio: "aliases": [], kamcmd `aliases: { }`)', async () => {
    const got = await aliasesList([]);
    assert.deepEqual(got, { myself_callbacks: 'no', aliases: [] });
    assert.deepEqual(resultRecords(got, 'value'), [
      {
        type: 'struct',
        items: [
          { type: 'str', value: 'no', name: 'myself_callbacks' },
          { type: 'struct', items: [], name: 'aliases' },
        ],
      },
    ]);
  });
});
