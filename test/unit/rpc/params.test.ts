import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { encodeJsonRpcRequest } from '../../../src/rpc/jsonrpc/codec.js';
import { typeRpcParam, typeRpcParams } from '../../../src/rpc/params.js';
import { RpcDouble } from '../../../src/rpc/rpc-value.js';

describe('kamctl parameter typing', () => {
  it('numbers become numbers, s: forces a string, i: an integer', () => {
    assert.deepEqual(typeRpcParams(['hello', '12', 's:34', 'i:7', '-3', ' 5', '4294967295']), ['hello', 12, '34', 7, -3, 5, 4294967295]);
    assert.equal(typeRpcParam('s:'), '');
    assert.equal(typeRpcParam(''), '');
    assert.equal(typeRpcParam('alice@example.com'), 'alice@example.com');
    assert.equal(typeRpcParam('sip:alice@10.0.0.1'), 'sip:alice@10.0.0.1');
    assert.equal(typeRpcParam('.'), '.');
  });

  it('numbers written with a fraction or exponent are doubles', () => {
    assert.deepEqual(typeRpcParam('1.0'), new RpcDouble(1));
    assert.deepEqual(typeRpcParam('0.5'), new RpcDouble(0.5));
    assert.deepEqual(typeRpcParam('1e3'), new RpcDouble(1000));
    assert.deepEqual(typeRpcParam('.5'), new RpcDouble(0.5));
  });

  it('hex, inf and nan stay strings (JSON cannot carry them)', () => {
    assert.equal(typeRpcParam('0x10'), '0x10');
    assert.equal(typeRpcParam('inf'), 'inf');
    assert.equal(typeRpcParam('nan'), 'nan');
  });

  it('i: needs an integer', () => {
    assert.throws(() => typeRpcParam('i:abc'), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE');
    assert.throws(() => typeRpcParam('i:1.5'), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE');
  });

  it('a first "=" turns on =CRLF= substitution', () => {
    assert.deepEqual(typeRpcParams(['=', 'a=CRLF=b', '7']), ['a\r\nb', 7]);
    assert.deepEqual(typeRpcParams(['a=CRLF=b']), ['a=CRLF=b']);
  });

  it('reproduces the anchors example request', () => {
    const params = typeRpcParams(['location', 'alice@example.com', 'sip:alice@10.0.0.1', '0', '1.0', '.', '0', '0', '4294967295', 's:123', 'i:7']);
    assert.equal(
      encodeJsonRpcRequest({ method: 'ul.add', params, replyName: 'kamailio_receiver_1', id: 1 }),
      '{"jsonrpc": "2.0", "method": "ul.add", "params": ["location", "alice@example.com", "sip:alice@10.0.0.1", 0, 1, ".", 0, 0, 4294967295, "123", 7], "reply_name": "kamailio_receiver_1", "id": 1}',
    );
  });
});
