import SubscriberAdd, { type SubscriberAddResult } from '../subscriber/add.js';

export type AddResult = SubscriberAddResult;

/** kamctl's `add USER PASSWORD`, and the `add subscriber USER PASSWORD` spelling. */
export default class Add extends SubscriberAdd {
  static override summary = 'Add a subscriber: kamctl add, the same as sipctl subscriber add.';
}
