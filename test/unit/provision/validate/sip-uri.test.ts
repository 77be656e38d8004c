import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSipUri } from '../../../../src/provision/validate/sip-uri.js';
import { AppError } from '../../../../src/errors.js';

describe('parseSipUri', () => {
  it('splits valid SIP and SIPS URIs into their parts', () => {
    assert.deepEqual(parseSipUri('URI', 'sip:alice@example.com'), { scheme: 'sip', user: 'alice', password: undefined, host: 'example.com', port: undefined, params: [], headers: undefined });
    const u = parseSipUri('URI', 'SIPS:+4930123:pw@[2001:db8::1]:5061;user=phone;lr?subject=hi');
    assert.equal(u.scheme, 'sips');
    assert.equal(u.user, '+4930123');
    assert.equal(u.password, 'pw');
    assert.equal(u.host, '[2001:db8::1]');
    assert.equal(u.port, 5061);
    assert.deepEqual(u.params, [['user', 'phone'], ['lr', undefined]]);
    assert.equal(u.headers, 'subject=hi');
    assert.equal(parseSipUri('URI', 'sip:10.0.0.1:5060').port, 5060);
  });

  it('refuses what is not a SIP URI, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['alice@example.com', /must start with sip:/],
      ['http://example.com', /must start with sip:/],
      ['sip:alice@exa mple.com', /white space/],
      ['sip:a\u0000b@x.com', /control characters/],
      ['sip:a b@x.com', /white space/],
      ['sip:alice@x.com:70000', /port/],
      ['sip:alice@', /domain is empty/],
      ['sip:x"drop@x.com', /cannot hold/],
    ];
    for (const [text, re] of cases) {
      assert.throws(() => parseSipUri('NEW-URI', text), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE' && e.message.startsWith('NEW-URI: ') && re.test(e.message), text);
    }
    assert.throws(() => parseSipUri('URI', 'sip:example.com', { requireUser: true }), /no user part/);
    assert.throws(() => parseSipUri('URI', `sip:a@${'h'.repeat(300)}.com`, { max: 255 }), /at most 255/);
  });
});
