import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../../src/errors.js';
import { checkAclGroup, validateAclGroup } from '../../../../src/provision/validate/acl-group.js';

const usage = (re: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'E_USAGE' && e.message.startsWith('GROUP: ') && re.test(e.message);

describe('ACL groups', () => {
  it('accepts tokens and refuses anything else', () => {
    for (const g of ['local', 'free-pstn', 'ld', 'vm.2', 'A+B_c']) assert.equal(validateAclGroup('GROUP', g), g);
    for (const g of ['', '-x', 'a b', "x'; drop", 'ü', 'g'.repeat(65)]) assert.throws(() => validateAclGroup('GROUP', g), usage(/group/), g);
  });

  it('applies VERIFY_ACL with ACL_GROUPS', () => {
    const policy = { verify: true, allowed: ['local', 'ld'] };
    assert.equal(checkAclGroup('GROUP', 'ld', policy), 'ld');
    assert.throws(() => checkAclGroup('GROUP', 'gold', policy), usage(/not in ACL_GROUPS \(local ld\)/));
    assert.equal(checkAclGroup('GROUP', 'gold', { verify: false, allowed: [] }), 'gold');
    assert.throws(() => checkAclGroup('GROUP', 'a b', { verify: false, allowed: [] }), usage(/letters, digits/));
  });
});
