import SubscriberRm, { type SubscriberRmResult } from '../subscriber/rm.js';

export type RmResult = SubscriberRmResult;

/** kamctl's `rm USER`. */
export default class Rm extends SubscriberRm {
  static override summary = 'Remove a subscriber with its groups, aliases and registrations: kamctl rm, the same as sipctl subscriber rm.';
}
