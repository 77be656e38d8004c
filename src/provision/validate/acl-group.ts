/**
 * ACL group names (the `grp` column of the group module's `grp` table) and kamctl's
 * VERIFY_ACL rule: with it on, only the groups listed in ACL_GROUPS may be granted.
 */
import { charLength, quote, usageError } from './validation.js';

export const ACL_GROUP_MAX = 64;

/** A group is a token: letters, digits and -_.+ (kamctl's defaults: local ld int voicemail free-pstn). */
const GROUP = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

export function validateAclGroup(field: string, text: string): string {
  if (text === '') throw usageError(field, 'the group name is empty');
  const len = charLength(text);
  if (len > ACL_GROUP_MAX) throw usageError(field, `the group ${quote(text)} is ${String(len)} characters long; at most ${String(ACL_GROUP_MAX)} fit`);
  if (!GROUP.test(text)) throw usageError(field, `the group ${quote(text)} may hold only letters, digits and -_.+, starting with a letter or digit`);
  return text;
}

export interface AclPolicy {
  /** VERIFY_ACL */
  readonly verify: boolean;
  /** ACL_GROUPS */
  readonly allowed: readonly string[];
}

/** A valid group that the policy allows. */
export function checkAclGroup(field: string, text: string, policy: AclPolicy): string {
  validateAclGroup(field, text);
  if (!policy.verify || policy.allowed.includes(text)) return text;
  throw usageError(field, `the group ${quote(text)} is not in ACL_GROUPS (${policy.allowed.join(' ')}); add it there or set VERIFY_ACL=0`);
}
