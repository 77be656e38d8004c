import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword, digestCredentials, isDigestHash } from '../../../src/provision/credentials.js';

describe('digest credentials', () => {
  it('computes ha1 and ha1b as kamctl does (values from md5sum)', () => {
    // printf 'alice:example.com:se cret #x' | md5sum, and the user@domain form.
    assert.deepEqual(digestCredentials({ username: 'alice', domain: 'example.com' }, 'se cret #x', false), {
      password: '',
      ha1: 'c698955990cf38498cf9c3df5b7a7c93',
      ha1b: 'eaf8d9d6887a2d60ab2429b2b283c3f1',
    });
    // printf 'ü:example.com:pässwörd "q"' | md5sum: UTF-8 bytes are hashed.
    assert.equal(digestCredentials({ username: 'ü', domain: 'example.com' }, 'pässwörd "q"', true).ha1, 'd3e7387c995cac5957f5f87fa0f20917');
    assert.equal(digestCredentials({ username: 'a', domain: 'b' }, 'pw', true).password, 'pw');
  });

  it('refuses an empty password, and a long one only when it is stored in clear', () => {
    assert.throws(() => { checkPassword('', false); }, /empty/);
    assert.doesNotThrow(() => { checkPassword('p'.repeat(500), false); });
    assert.throws(() => { checkPassword('p'.repeat(65), true); }, /at most 64/);
    assert.doesNotThrow(() => { checkPassword('€'.repeat(64), true); });
  });

  it('recognises stored hashes', () => {
    assert.ok(isDigestHash('c698955990cf38498cf9c3df5b7a7c93'));
    assert.ok(isDigestHash('A'.repeat(64)));
    assert.ok(!isDigestHash('c698955990cf38498cf9c3df5b7a7c9'));
    assert.ok(!isDigestHash('z'.repeat(32)));
  });
});
