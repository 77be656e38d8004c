/**
 * tm's `failure_reply_mode`: which earlier replies still compete for the final answer once
 * failure handling has started a new leg of serial forking (new branches added from
 * `onFailure`).
 */
export enum FailureReplyMode {
  /** 0: every branch ever made competes (SER 2.1 behaviour): a 3xx of the first leg can win again. */
  KeepAll = 0,
  /** 1: all branches before the new leg are discarded. */
  DiscardAll = 1,
  /** 2: only the branches of the leg that just failed are discarded; older legs still compete. */
  DiscardLastLeg = 2,
  /** 3 (Kamailio's default): all previous branches are discarded when a new leg starts. */
  DiscardOnNewLeg = 3,
}

/** Parses the modparam value; null when it is not 0–3. */
export function failureReplyModeOf(value: number): FailureReplyMode | null {
  switch (value) {
    case 0:
      return FailureReplyMode.KeepAll;
    case 1:
      return FailureReplyMode.DiscardAll;
    case 2:
      return FailureReplyMode.DiscardLastLeg;
    case 3:
      return FailureReplyMode.DiscardOnNewLeg;
    default:
      return null;
  }
}
