import type { SetValueKind } from '../../src/provision/subscriber.js';
import SubscriberSet, { type SubscriberSetResult } from '../subscriber/set.js';

export type SetnResult = SubscriberSetResult;

/** kamctl's `setn USER COLUMN VALUE`: the value is a number. */
export default class Setn extends SubscriberSet {
  static override summary = 'Set a column of a subscriber to a whole number: kamctl setn, sipctl subscriber set with a numeric value.';
  static override examples = ['<%= config.bin %> setn alice@example.com flags 42'];

  protected override valueKind(): SetValueKind {
    return 'number';
  }
}
