import SubscriberShow, { type SubscriberShowResult } from '../subscriber/show.js';

export type ShowResult = SubscriberShowResult;

/** kamctl's `show USER`. */
export default class Show extends SubscriberShow {
  static override summary = 'Show one subscriber: kamctl show, the same as sipctl subscriber show.';
}
