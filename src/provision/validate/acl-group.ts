/**
 * ACL group names (the `grp` column of the group module's `grp` table) and kamctl's
 * VERIFY_ACL rule: with it on, only the groups listed in ACL_GROUPS may be granted.
 */
import { charLength, invalid, quote, valid, type Validation } from './validation.js';

export const ACL_GROUP_MAX = 64;

/** A group is a token: letters, digits and -_.+ (kamctl's defaults: local ld int voicemail free-pstn). */
const GROUP = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

export function validateAclGroup(field: string, text: string): Validation<string> {
  if (text === '') return invalid(field, 'the group name is empty');
  const len = charLength(text);
  if (len > ACL_GROUP_MAX) return invalid(field, `the group ${quote(text)} is ${String(len)} characters long; at most ${String(ACL_GROUP_MAX)} fit`);
  if (!GROUP.test(text)) return invalid(field, `the group ${quote(text)} may hold only letters, digits and -_.+, starting with a letter or digit`);
  return valid(text);
}

export interface AclPolicy {
  /** VERIFY_ACL */
  readonly verify: boolean;
  /** ACL_GROUPS */
  readonly allowed: readonly string[];
}

/** A valid group that the policy allows. */
export function checkAclGroup(field: string, text: string, policy: AclPolicy): Validation<string> {
  const v = validateAclGroup(field, text);
  if (!v.ok || !policy.verify || policy.allowed.includes(text)) return v;
  return invalid(field, `the group ${quote(text)} is not in ACL_GROUPS (${policy.allowed.join(' ')}); add it there or set VERIFY_ACL=0`);
}
