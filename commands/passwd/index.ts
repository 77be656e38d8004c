import SubscriberPasswd, { type SubscriberPasswdResult } from '../subscriber/passwd.js';

export type PasswdResult = SubscriberPasswdResult;

/** kamctl's `passwd USER PASSWORD`. */
export default class Passwd extends SubscriberPasswd {
  static override summary = 'Change a subscriber\'s password: kamctl passwd, the same as sipctl subscriber passwd.';
}
