/**
 * The reply bytes of our servers against the captures of a real Kamailio 5.6: methods that
 * return the captured values must produce the captured BINRPC packets and JSON-RPC texts byte
 * for byte (cookies and ids taken from the captured requests).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { decodePacket } from '../../../../src/rpc/binrpc/codec.js';
import { decodeJsonRpcResponse } from '../../../../src/rpc/jsonrpc/codec.js';
import type { RpcMethod } from '../../../../src/rpc/rpc-method.js';
import type { RpcValue } from '../../../../src/rpc/rpc-value.js';
import { answerPacket, resultRecords } from '../../../../src/rpc/server/binrpc-answer.js';
import { RpcDispatcher } from '../../../../src/rpc/server/dispatcher.js';
import { answerJsonRpc } from '../../../../src/rpc/server/jsonrpc-answer.js';
import { RpcRegistry } from '../../../../src/rpc/server/registry.js';
import { controlPath, readHex } from '../reference.js';

function captured(label: string): RpcValue {
  const response = decodeJsonRpcResponse(fs.readFileSync(controlPath('jsonrpc', `${label}.rep.json`)));
  assert.ok('result' in response);
  return response.result;
}

function dispatcher(): RpcDispatcher {
  const fixed = (name: string, label: string, returns: 'value' | 'list' = 'value'): RpcMethod => ({ name, doc: '', returns, handler: () => captured(label) });
  const registry = new RpcRegistry();
  registry.register(
    [
      { name: 'core.uptime', doc: 'Returns uptime of SIP server.', handler: () => ({}) },
      fixed('core.version', 'core.version'),
      fixed('core.psx', 'core.psx', 'list'),
      fixed('core.ps', 'core.ps', 'list'),
      { name: 'ul.dump', doc: '', handler: (ctx) => captured(ctx.params[0] === 'brief' ? 'ul.dump.brief' : 'ul.dump') },
      { name: 'ul.rm', doc: '', handler: () => ({}) },
      { name: 'stats.get_statistics', doc: '', returns: 'list', handler: () => [] },
      { name: 'core.printi', doc: '', returns: 'list', handler: (ctx) => [...ctx.params] },
    ],
    'test',
  );
  return new RpcDispatcher(registry);
}

const ORIGIN = { protocol: 'binrpc', transport: 'unix-stream', listener: 'unix:/x' } as const;

describe('BINRPC replies are the captured bytes', () => {
  const binrpc = [
    'core.version',
    'core.psx',
    'core.ps',
    'ul.dump.brief',
    'ul.rm',
    'system.methodHelp',
    'system.methodHelp.unknown',
    'system.methodSignature',
    'error.unknown_method',
    'stats.get_statistics.unknown',
  ];
  for (const label of binrpc) {
    it(label, async () => {
      const request = decodePacket(readHex(controlPath('binrpc', `${label}.req.hex`)));
      const reply = await answerPacket(dispatcher(), request, ORIGIN, 1 << 20);
      assert.equal(reply.toString('hex'), readHex(controlPath('binrpc', `${label}.rep.hex`)).toString('hex'));
    });
  }

  for (const label of ['not-a-request', 'method-not-str', 'empty-body', 'cookie-width']) {
    it(`binrpc-edge/${label}`, async () => {
      const request = decodePacket(readHex(controlPath('binrpc-edge', `${label}.req.hex`)));
      const reply = await answerPacket(dispatcher(), request, ORIGIN, 1 << 20);
      assert.equal(reply.toString('hex'), readHex(controlPath('binrpc-edge', `${label}.rep.hex`)).toString('hex'));
    });
  }

  it('ul.dump has the captured layout: AoRs as a struct of named Info members', () => {
    const [record] = resultRecords(captured('ul.dump'), 'value');
    assert.ok(record?.type === 'struct');
    const domains = record.items[0];
    assert.ok(domains?.type === 'struct' && domains.name === 'Domains');
    const domain = domains.items[0];
    assert.ok(domain?.type === 'struct' && domain.name === 'Domain');
    const aors = domain.items.find((item) => item.name === 'AoRs');
    assert.ok(aors?.type === 'struct');
    assert.deepEqual(aors.items.map((item) => item.name), ['Info', 'Info']);
  });

  it('a reply over the limit becomes a 500 fault; a value BINRPC cannot carry too', async () => {
    const request = decodePacket(readHex(controlPath('binrpc', 'core.psx.req.hex')));
    const tooBig = decodePacket(await answerPacket(dispatcher(), request, ORIGIN, 100));
    assert.equal(tooBig.header.type, 'fault');
    const registry = new RpcRegistry();
    registry.register([{ name: 'x.nan', doc: '', handler: () => Number.NaN }], 't');
    const nan = decodePacket(await answerPacket(new RpcDispatcher(registry), { header: request.header, records: [{ type: 'str', value: 'x.nan' }] }, ORIGIN, 1000));
    assert.equal(nan.header.type, 'fault');
  });
});

describe('JSON-RPC replies are the captured texts', () => {
  const origin = { protocol: 'jsonrpc', transport: 'unix-dgram', listener: 'jsonunixd:/x' } as const;
  const cases: readonly [string, string][] = [
    ['jsonrpc', 'core.version'],
    ['jsonrpc', 'core.psx'],
    ['jsonrpc', 'core.ps'],
    ['jsonrpc', 'ul.dump'],
    ['jsonrpc', 'ul.dump.brief'],
    ['jsonrpc', 'ul.rm'],
    ['jsonrpc', 'system.methodHelp'],
    ['jsonrpc', 'system.methodHelp.unknown'],
    ['jsonrpc', 'system.methodSignature'],
    ['jsonrpc', 'error.unknown_method'],
    ['jsonrpc', 'stats.get_statistics.unknown'],
    ['framing', 'dgram.id-null'],
    ['framing', 'dgram.id-bool'],
    ['framing', 'dgram.id-float'],
    ['framing', 'dgram.noversion'],
    ['framing', 'dgram.no-id'],
    ['framing', 'fifo.error.method'],
  ];
  for (const [dir, label] of cases) {
    it(`${dir}/${label}`, async () => {
      const extension = dir === 'jsonrpc' ? 'json' : 'raw';
      const request = fs.readFileSync(controlPath(dir, `${label}.req.${extension}`));
      const answer = await answerJsonRpc(dispatcher(), request, origin, { pretty: true, maxRequestBytes: 1 << 20 });
      assert.equal(answer.kind, 'reply');
      assert.equal(answer.text, fs.readFileSync(controlPath(dir, `${label}.rep.${extension}`), 'utf8'));
    });
  }

  it('framing/http.batch and a fault\'s HTTP status and reason', async () => {
    const batch = await answerJsonRpc(dispatcher(), '[{"jsonrpc": "2.0", "method": "core.version", "id": 9}]', origin, { pretty: true, maxRequestBytes: 1000 });
    assert.equal(batch.kind === 'reply' ? batch.text : '', '{\n\t"jsonrpc":\t"2.0",\n\t"result":\t{\n\t}\n}');
    const fault = await answerJsonRpc(dispatcher(), '{"jsonrpc": "2.0", "method": "nope", "id": 1}', origin, { pretty: true, maxRequestBytes: 1000 });
    assert.ok(fault.kind === 'reply');
    assert.equal(fault.status, 500);
    assert.equal(fault.reason, 'Method Not Found');
    assert.equal((await answerJsonRpc(dispatcher(), '{bad', origin, { pretty: true, maxRequestBytes: 1000 })).kind, 'unparsable');
  });
});
