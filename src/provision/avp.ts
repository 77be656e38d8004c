/**
 * kamctl avp's arguments: `-u` is an AoR (user@domain, matched on username and domain) when it
 * looks like one, else a uuid; `-T` names another table of usr_preferences' shape.
 */
import type { AvpFilter, AvpType } from '../db/repos/usr-preferences.js';
import { parseUserDomain } from './validate/user-domain.js';
import { checkText, quote, usageError } from './validate/validation.js';

export interface AvpFilterInput {
  readonly user?: string | undefined;
  readonly attribute?: string | undefined;
  readonly value?: string | undefined;
  readonly type?: string | undefined;
}

export function validateTableName(field: string, text: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(text)) throw usageError(field, `${quote(text)} is not a table name (letters, digits and _)`);
  return text;
}

export function parseAvpType(field: string, text: string): AvpType {
  switch (text) {
    case '0':
      return 0;
    case '1':
      return 1;
    case '2':
      return 2;
    case '3':
      return 3;
    default:
      throw usageError(field, `${quote(text)} is not an AVP type: 0 str:str, 1 str:int, 2 int:str, 3 int:int`);
  }
}

/** user@domain → owner columns; anything else is a uuid (at most 64 characters). */
export function avpOwner(field: string, text: string): { uuid: string; username: string; domain: string } {
  if (text.includes('@')) {
    const id = parseUserDomain(field, text, undefined);
    return { uuid: '', username: id.username, domain: id.domain };
  }
  return { uuid: checkText(field, text, 64), username: '', domain: '' };
}

export function avpFilter(input: AvpFilterInput): AvpFilter {
  const f: { -readonly [K in keyof AvpFilter]: AvpFilter[K] } = {};
  if (input.user !== undefined) {
    const o = avpOwner('-u', input.user);
    if (o.uuid === '') {
      f.username = o.username;
      f.domain = o.domain;
    } else f.uuid = o.uuid;
  }
  if (input.attribute !== undefined) f.attribute = checkText('-a', input.attribute, 32);
  if (input.value !== undefined) f.value = checkText('-v', input.value, 128, { allowEmpty: true });
  if (input.type !== undefined) f.type = parseAvpType('-t', input.type);
  return f;
}
