import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../../../src/errors.js';
import {
  decodeJsonRpcRequest,
  decodeJsonRpcResponse,
  encodeJsonRpcRequest,
  formatJsonRpcResponse,
  kamailioFault,
  kamailioNumber,
} from '../../../../src/rpc/jsonrpc/codec.js';
import { JsonDocumentFramer } from '../../../../src/rpc/jsonrpc/document-framer.js';
import { RpcDouble } from '../../../../src/rpc/rpc-value.js';
import { controlPath, labels } from '../reference.js';

const read = (...parts: string[]): string => fs.readFileSync(controlPath(...parts), 'utf8');

describe('jsonrpc codec against jsonrpcs captures', () => {
  const replies = labels('jsonrpc', '.rep.json');
  it('has captures to test', () => {
    assert.ok(replies.length > 50);
  });
  for (const label of replies) {
    it(`${label}: the reply decodes and re-prints byte for byte in jsonrpcs' pretty layout`, () => {
      const text = read('jsonrpc', `${label}.rep.json`);
      const response = decodeJsonRpcResponse(text);
      const request = decodeJsonRpcRequest(read('jsonrpc', `${label}.req.json`));
      assert.ok(request.valid);
      assert.equal(response.id, request.id);
      // JavaScript objects list integer-like keys first ("200" before "2xx" in sl.stats), so
      // those replies keep their values but not their member order.
      if (/"\d+":/.test(text)) assert.deepEqual(decodeJsonRpcResponse(formatJsonRpcResponse(response)), response);
      else assert.equal(formatJsonRpcResponse(response), text);
    });
  }

  it('framing captures: ids, escaping, big integers, errors over HTTP', () => {
    for (const name of ['dgram.big-ints', 'dgram.compact-request', 'dgram.id-bool', 'dgram.id-null', 'dgram.no-id', 'dgram.noversion', 'dgram.string-escaping']) {
      const text = read('framing', `${name}.rep.raw`);
      assert.equal(formatJsonRpcResponse(decodeJsonRpcResponse(text)), text, name);
    }
    const float = decodeJsonRpcResponse(read('framing', 'dgram.id-float.rep.raw'));
    assert.equal(float.id, 1.5);
    assert.equal(formatJsonRpcResponse(float), read('framing', 'dgram.id-float.rep.raw'));
    const http = read('framing', 'http.error.fault404.rep.raw');
    const body = http.slice(http.indexOf('\r\n\r\n') + 4);
    const fault = decodeJsonRpcResponse(body);
    assert.ok('error' in fault);
    assert.equal(fault.error.code, 500);
    assert.equal(fault.error.message, 'AOR not found in location table');
    assert.ok(http.startsWith('HTTP/1.1 500 AOR not found in location table\r\n'));
    assert.equal(formatJsonRpcResponse(fault), body);
  });

  it('encodes requests exactly as kamctl writes them into the FIFO', () => {
    const expected = read('kamctl', 'kamctl.rpc-core.echo.req.json');
    assert.equal(`${encodeJsonRpcRequest({ method: 'core.echo', params: ['hello', 12, '34'], replyName: 'kamailio_receiver_30775', id: 30775 })}\n`, expected);
    const uptime = read('kamctl', 'kamctl.uptime.req.json');
    const id = Number(/"id": (\d+)/.exec(uptime)?.[1]);
    assert.equal(`${encodeJsonRpcRequest({ method: 'core.uptime', params: [], replyName: `kamailio_receiver_${id}`, id })}\n`, uptime);
  });

  it('sends doubles as plain numbers and refuses non-finite ones', () => {
    assert.equal(encodeJsonRpcRequest({ method: 'm', params: [new RpcDouble(0.5), new RpcDouble(1)], id: 1 }), '{"jsonrpc": "2.0", "method": "m", "params": [0.5, 1], "id": 1}');
    assert.throws(() => encodeJsonRpcRequest({ method: 'm', params: [Number.NaN] }), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE');
  });

  it('refuses replies that are not JSON-RPC 2.0 with E_RPC_PROTOCOL', () => {
    for (const bad of ['', 'not json', '[]', '{"result": 1}', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","error":{"code":"x"}}', '{"jsonrpc":"2.0","result":1,"id":{}}', `{"jsonrpc":"2.0","result":${'['.repeat(100)}${']'.repeat(100)}}`]) {
      assert.throws(() => decodeJsonRpcResponse(bad), (e: unknown) => e instanceof AppError && e.code === 'E_RPC_PROTOCOL', bad);
    }
    assert.throws(() => decodeJsonRpcResponse('{"jsonrpc":"2.0","result":"xxxxxxxxxx"}', 10), (e: unknown) => e instanceof AppError && e.code === 'E_RPC_PROTOCOL');
  });

  it('property: arbitrary text decodes or throws E_RPC_PROTOCOL', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        try {
          decodeJsonRpcResponse(text);
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'E_RPC_PROTOCOL') throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('server side: params objects are positional, a wrong version is not run', () => {
    const objectParams = decodeJsonRpcRequest(read('framing', 'http.params-object.req.raw').split('\r\n\r\n')[1] ?? '');
    assert.ok(objectParams.valid);
    assert.ok(objectParams.params.length > 0);
    assert.equal(decodeJsonRpcRequest(read('framing', 'dgram.noversion.req.raw')).valid, false);
    assert.equal(decodeJsonRpcRequest('{"jsonrpc":"2.0","method":"x","params":"s"}').valid, false);
  });

  it('formats numbers and fixed fault texts like jsonrpcs', () => {
    assert.equal(kamailioNumber(7), '7');
    assert.equal(kamailioNumber(4294967295), '4294967295');
    assert.equal(kamailioNumber(0.5), '0.500000');
    assert.equal(kamailioNumber(1.5e10 + 0.5), '1.500000e+10');
    assert.equal(kamailioNumber(1e-7), '1.000000e-07');
    assert.deepEqual(kamailioFault(0, 'x'), { code: -32000, message: 'Execution Error' });
    assert.deepEqual(kamailioFault(-32601, 'x'), { code: -32601, message: 'Method Not Found' });
    assert.deepEqual(kamailioFault(500, 'AOR not found'), { code: 500, message: 'AOR not found' });
    assert.equal(formatJsonRpcResponse({ id: 1, result: {} }, false), '{"jsonrpc":"2.0","result":{},"id":1}');
  });
});

describe('JSON document framer (jsonrpcs FIFO framing)', () => {
  it('keeps braces inside strings, both quote kinds, and escaped quotes', () => {
    const text = read('framing', 'fifo.braces-in-string.req.raw');
    const framer = new JsonDocumentFramer(8190);
    assert.deepEqual(framer.push(Buffer.from(`${text}\n${text}`)), [text.trim(), text.trim()]);
    assert.deepEqual(new JsonDocumentFramer(100).push(Buffer.from(`{'}':"{"}`)), [`{'}':"{"}`]);
  });

  it('finds every FIFO reply whole when split at every byte offset', () => {
    for (const name of ['fifo.kamctl-style.core.uptime', 'fifo.params.ul.lookup', 'fifo.multiline.stats', 'fifo.error.method']) {
      const bytes = fs.readFileSync(controlPath('framing', `${name}.rep.raw`));
      for (let cut = 0; cut <= bytes.length; cut++) {
        const framer = new JsonDocumentFramer(1 << 20);
        const docs = [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))];
        assert.deepEqual(docs, [bytes.toString('utf8').trim()], `${name} cut at ${cut}`);
        decodeJsonRpcResponse(docs[0] ?? '');
      }
    }
  });

  it('refuses bytes outside a document and documents over the limit', () => {
    assert.throws(() => new JsonDocumentFramer(100).push(Buffer.from('x{}')), (e: unknown) => e instanceof AppError && e.code === 'E_RPC_PROTOCOL');
    const framer = new JsonDocumentFramer(10);
    framer.push(Buffer.from('{"a": "'));
    assert.throws(() => framer.push(Buffer.from('0123456789"}')), (e: unknown) => e instanceof AppError && e.code === 'E_RPC_PROTOCOL');
  });
});
