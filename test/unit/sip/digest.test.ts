import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkNonce,
  digestAlgorithm,
  digestChallenge,
  digestEqual,
  digestHa1,
  digestHa2,
  digestResponse,
  makeNonce,
  md5Hex,
  parseDigestCredentials,
  sessionHa1,
} from '../../../src/sip/digest.js';
import { SipParseError } from '../../../src/sip/index.js';

describe('digest computations', () => {
  it('reproduces the RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    const ha1 = digestHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    assert.equal(ha1, '939e7578ed9e3c518a452acee763bce9');
    const ha2 = digestHa2('MD5', 'GET', '/dir/index.html', 'auth');
    assert.equal(ha2, '39aff3a2bab6126f332b942af96d3366');
    const r = digestResponse('MD5', ha1, 'dcd98b7102dd2f0e8b11d0f600bfb0c093', ha2, { qop: 'auth', nc: '00000001', cnonce: '0a4f113b' });
    assert.equal(r, '6629fae49393a05397450978507c4ef1');
  });

  it('reproduces the RFC 7616 §3.9.1 example with MD5 and SHA-256', () => {
    const nonce = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v';
    const q = { qop: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' } as const;
    for (const [alg, expected] of [
      ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
      ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ] as const) {
      const ha1 = digestHa1(alg, 'Mufasa', 'http-auth@example.org', 'Circle of Life');
      assert.equal(digestResponse(alg, ha1, nonce, digestHa2(alg, 'GET', '/dir/index.html', 'auth'), q), expected, alg);
    }
  });

  it('computes the RFC 2069 form without qop, auth-int over the body, and -sess HA1', () => {
    const ha1 = md5Hex('alice:example.com:secret');
    assert.equal(digestHa1('MD5', 'alice', 'example.com', 'secret'), ha1);
    assert.equal(digestResponse('MD5', ha1, 'n', digestHa2('MD5', 'REGISTER', 'sip:example.com', null)), md5Hex(`${ha1}:n:${md5Hex('REGISTER:sip:example.com')}`));
    const body = Buffer.from('v=0\r\n');
    assert.equal(digestHa2('MD5', 'INVITE', 'sip:bob@x', 'auth-int', body), md5Hex(`INVITE:sip:bob@x:${md5Hex('v=0\r\n')}`));
    assert.equal(digestHa2('MD5', 'INVITE', 'sip:bob@x', 'auth-int'), md5Hex(`INVITE:sip:bob@x:${md5Hex('')}`));
    assert.equal(sessionHa1('MD5-sess', ha1, 'n', 'c'), md5Hex(`${ha1}:n:c`));
    assert.equal(sessionHa1('MD5', ha1, 'n', 'c'), ha1);
  });

  it('hashes ha1b as Kamailio does: the username with its domain', () => {
    assert.equal(digestHa1('MD5', 'alice@example.com', 'example.com', 'pw'), md5Hex('alice@example.com:example.com:pw'));
  });

  it('names algorithms case-insensitively, MD5 when absent, null when unknown', () => {
    assert.equal(digestAlgorithm(undefined), 'MD5');
    assert.equal(digestAlgorithm('md5'), 'MD5');
    assert.equal(digestAlgorithm('sha-256-SESS'), 'SHA-256-sess');
    assert.equal(digestAlgorithm('SHA-1'), null);
  });

  it('compares digests case-insensitively and rejects other lengths', () => {
    assert.ok(digestEqual('ABCDEF', 'abcdef'));
    assert.ok(!digestEqual('abcdef', 'abcde'));
    assert.ok(!digestEqual('abcdef', 'abcdee'));
  });
});

describe('digest credentials', () => {
  it('parses the RFC 2617 example, with quoted and token values', () => {
    const c = parseDigestCredentials(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    assert.ok(c !== null);
    assert.equal(c.username, 'Mufasa');
    assert.equal(c.realm, 'testrealm@host.com');
    assert.equal(c.uri, '/dir/index.html');
    assert.deepEqual(c.qop, { qop: 'auth', nc: '00000001', cnonce: '0a4f113b' });
    assert.equal(c.algorithm, 'MD5');
    assert.equal(c.opaque, '5ccc069c403ebaf9f0171e9517f40e41');
  });

  it('decodes quoted-pairs and accepts odd spacing and scheme case', () => {
    const c = parseDigestCredentials('digest   username = "a\\"b" ,realm="r",nonce="n",uri="sip:x",response="00",algorithm=MD5');
    assert.equal(c?.username, 'a"b');
  });

  it('returns null for another scheme', () => {
    assert.equal(parseDigestCredentials('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='), null);
  });

  it('refuses malformed credentials with E_SIP_PARSE_HEADER', () => {
    for (const bad of [
      'Digest',
      'Digest username="a"',
      'Digest username="a", realm="r", nonce="n", uri="u"',
      'Digest username="a" realm="r", nonce="n", uri="u", response="x"',
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", qop=auth',
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", qop=auth, nc=1, cnonce="c"',
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", qop=auth-conf, nc=00000001, cnonce="c"',
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", algorithm=SHA-1',
      'Digest username="a", username="b", realm="r", nonce="n", uri="u", response="x"',
      'Digest username="a, realm="r"',
      'Digest username=, realm="r", nonce="n", uri="u", response="x"',
    ]) {
      assert.throws(() => parseDigestCredentials(bad), (e: unknown) => e instanceof SipParseError && e.code === 'E_SIP_PARSE_HEADER', bad);
    }
  });

  it('builds challenges: realm and nonce only by default, quoting the realm', () => {
    assert.equal(digestChallenge({ realm: 'example.com', nonce: 'abc' }), 'Digest realm="example.com", nonce="abc"');
    assert.equal(
      digestChallenge({ realm: 'a"b', nonce: 'n', stale: true, qop: ['auth', 'auth-int'], algorithm: 'SHA-256' }),
      'Digest realm="a\\"b", nonce="n", stale=true, qop="auth,auth-int", algorithm=SHA-256',
    );
  });
});

describe('self-signed nonces', () => {
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const now = 1_700_000_000;

  it('are 32 characters and valid until their expiry', () => {
    const n = makeNonce(secret, now + 300);
    assert.match(n, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(checkNonce(secret, n, now, 300), 'valid');
    assert.equal(checkNonce(secret, n, now + 300, 300), 'valid');
    assert.equal(checkNonce(secret, n, now + 301, 300), 'expired');
  });

  it('are not accepted under another secret, nor with a changed expiry', () => {
    const n = makeNonce(secret, now + 300);
    assert.equal(checkNonce(Buffer.from('another secret'), n, now, 300), 'invalid');
    const raw = Buffer.from(n, 'base64url');
    raw.writeUInt32BE(now + 100_000, 0);
    assert.equal(checkNonce(secret, raw.toString('base64url'), now, 300), 'invalid');
    assert.equal(checkNonce(secret, 'dcd98b7102dd2f0e8b11d0f600bfb0c093', now, 300), 'invalid');
    assert.equal(checkNonce(secret, '', now, 300), 'invalid');
  });

  it('count as expired when their expiry lies beyond the lifetime plus drift', () => {
    const n = makeNonce(secret, now + 600);
    assert.equal(checkNonce(secret, n, now, 300), 'expired');
    assert.equal(checkNonce(secret, makeNonce(secret, now + 303), now, 300, 3), 'valid');
    assert.equal(checkNonce(secret, makeNonce(secret, now + 304), now, 300, 3), 'expired');
  });

  it('differ between two servers with random secrets', () => {
    assert.notEqual(makeNonce(Buffer.from('a'), now), makeNonce(Buffer.from('b'), now));
  });
});
