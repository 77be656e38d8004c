import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSipUri } from '../../../../src/provision/validate/sip-uri.js';
import { orUsage } from '../../../../src/provision/validate/validation.js';

describe('parseSipUri', () => {
  it('splits valid SIP and SIPS URIs into their parts', () => {
    assert.deepEqual(orUsage(parseSipUri('URI', 'sip:alice@example.com')), { scheme: 'sip', user: 'alice', password: undefined, host: 'example.com', port: undefined, params: [], headers: undefined });
    const u = orUsage(parseSipUri('URI', 'SIPS:+4930123:pw@[2001:db8::1]:5061;user=phone;lr?subject=hi'));
    assert.equal(u.scheme, 'sips');
    assert.equal(u.user, '+4930123');
    assert.equal(u.password, 'pw');
    assert.equal(u.host, '[2001:db8::1]');
    assert.equal(u.port, 5061);
    assert.deepEqual(u.params, [['user', 'phone'], ['lr', undefined]]);
    assert.equal(u.headers, 'subject=hi');
    assert.equal(orUsage(parseSipUri('URI', 'sip:10.0.0.1:5060')).port, 5060);
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
      const v = parseSipUri('NEW-URI', text);
      assert.ok(!v.ok, text);
      assert.match(`${v.field}: ${v.problem}`, re, text);
      assert.equal(v.field, 'NEW-URI');
    }
    assert.equal(parseSipUri('URI', 'sip:example.com', { requireUser: true }).ok, false);
    assert.equal(parseSipUri('URI', `sip:a@${'h'.repeat(300)}.com`, { max: 255 }).ok, false);
  });
});
