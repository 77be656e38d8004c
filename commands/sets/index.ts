import SubscriberSet, { type SubscriberSetResult } from '../subscriber/set.js';

export type SetsResult = SubscriberSetResult;

/** kamctl's `sets USER COLUMN VALUE`. */
export default class Sets extends SubscriberSet {
  static override summary = 'Set a column of a subscriber to a text: kamctl sets, the same as sipctl subscriber set.';
  static override examples = ['<%= config.bin %> sets alice@example.com email_address alice@example.com'];
}
