import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAclGroup, validateAclGroup } from '../../../../src/provision/validate/acl-group.js';

describe('ACL groups', () => {
  it('accepts tokens and refuses anything else', () => {
    for (const g of ['local', 'free-pstn', 'ld', 'vm.2', 'A+B_c']) assert.ok(validateAclGroup('GROUP', g).ok, g);
    for (const g of ['', '-x', 'a b', "x'; drop", 'ü', 'g'.repeat(65)]) assert.ok(!validateAclGroup('GROUP', g).ok, g);
  });

  it('applies VERIFY_ACL with ACL_GROUPS', () => {
    const policy = { verify: true, allowed: ['local', 'ld'] };
    assert.ok(checkAclGroup('GROUP', 'ld', policy).ok);
    const v = checkAclGroup('GROUP', 'gold', policy);
    assert.ok(!v.ok);
    assert.match(v.problem, /not in ACL_GROUPS \(local ld\)/);
    assert.ok(checkAclGroup('GROUP', 'gold', { verify: false, allowed: [] }).ok);
    assert.ok(!checkAclGroup('GROUP', 'a b', { verify: false, allowed: [] }).ok);
  });
});
