/**
 * Digest credentials as Kamailio's auth_db reads them and kamctl writes them:
 * ha1 = MD5(user:realm:password), ha1b = MD5(user@domain:realm:password), realm = domain.
 * Hashed in-process: the password never reaches another program's argv.
 */
import type { SubscriberCredentials, SubscriberKey } from '../db/repos/subscriber.js';
import { AppError } from '../errors.js';
import { digestHa1 } from '../sip/digest.js';
import { charLength } from './validate/validation.js';

/** The subscriber.password column's length. */
export const PASSWORD_COLUMN_MAX = 64;

export function digestCredentials(key: SubscriberKey, password: string, storePlaintext: boolean): SubscriberCredentials {
  const realm = key.domain;
  return {
    password: storePlaintext ? password : '',
    ha1: digestHa1('MD5', key.username, realm, password),
    ha1b: digestHa1('MD5', `${key.username}@${key.domain}`, realm, password),
  };
}

/** A password sipctl accepts: anything but empty, and short enough when it is stored in clear. */
export function checkPassword(password: string, storePlaintext: boolean): void {
  if (password === '') throw new AppError('E_USAGE', 'the password is empty');
  if (storePlaintext && charLength(password) > PASSWORD_COLUMN_MAX) {
    throw new AppError('E_USAGE', `the password is ${String(charLength(password))} characters long, and with STORE_PLAINTEXT_PW=1 subscriber.password holds at most ${String(PASSWORD_COLUMN_MAX)}; shorten it or set STORE_PLAINTEXT_PW=0`);
  }
}

/** A stored digest hash: MD5 (32 hex digits) or SHA-256 / SHA-512-256 (64). */
export function isDigestHash(text: string): boolean {
  return /^(?:[0-9a-f]{32}|[0-9a-f]{64})$/i.test(text);
}
