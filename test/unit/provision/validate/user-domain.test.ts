import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUserDomain, parseUserDomain, validateDomain, validateUsername } from '../../../../src/provision/validate/user-domain.js';
import { AppError } from '../../../../src/errors.js';

describe('parseUserDomain', () => {
  it('reads user, user@domain and sip:/sips: URIs, taking SIP_DOMAIN for a bare user', () => {
    assert.deepEqual(parseUserDomain('USER', 'alice', 'example.com'), { username: 'alice', domain: 'example.com' });
    assert.deepEqual(parseUserDomain('USER', 'alice@other.org', 'example.com'), { username: 'alice', domain: 'other.org' });
    assert.deepEqual(parseUserDomain('USER', 'sip:bob@10.0.0.1', undefined), { username: 'bob', domain: '10.0.0.1' });
    assert.deepEqual(parseUserDomain('USER', 'SIPS:bob@[2001:db8::1]', undefined), { username: 'bob', domain: '[2001:db8::1]' });
    assert.deepEqual(parseUserDomain('USER', "o'brien+x%41", 'e.com'), { username: "o'brien+x%41", domain: 'e.com' });
    assert.equal(formatUserDomain({ username: 'a', domain: 'b.c' }), 'a@b.c');
  });

  it('names the field and the problem of bad input', () => {
    const cases: [string, string | undefined, RegExp][] = [
      ['alice', undefined, /no domain.*SIP_DOMAIN/],
      ['alice', 'bad domain', /SIP_DOMAIN: .*not a host name/],
      ['a b@e.com', undefined, /contains " "/],
      ["x'; drop table subscriber;--@e.com", undefined, /contains " "/],
      ['jürgen@e.com', undefined, /contains "ü"/],
      ['a%4@e.com', undefined, /hex digits/],
      ['@e.com', undefined, /user name is empty/],
      ['a@', undefined, /domain is empty/],
      ['a@b@c', undefined, /more than one "@"/],
      ['a@-x.com', undefined, /not a host name/],
      ['a@300.1.1.1', undefined, /not an IPv4 address/],
      ['a@[zz::1]', undefined, /not an IPv6 address/],
      [`${'u'.repeat(65)}@e.com`, undefined, /65 characters long; at most 64/],
    ];
    for (const [text, def, re] of cases) {
      assert.throws(() => parseUserDomain('USER', text, def), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE' && e.message.startsWith('USER: ') && re.test(e.message), text);
    }
  });

  it('counts length in characters, as VARCHAR does', () => {
    assert.equal(validateDomain('d', `${'a'.repeat(60)}.com`), `${'a'.repeat(60)}.com`);
    assert.throws(() => validateDomain('d', `${'a'.repeat(61)}.com`), /d: .*65 characters long/);
    assert.equal(validateUsername('u', 'x'.repeat(64)), 'x'.repeat(64));
    assert.throws(() => validateUsername('u', 'x'.repeat(10), 9), /u: .*at most 9/);
  });
});
