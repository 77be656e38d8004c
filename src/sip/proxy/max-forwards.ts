import type { SipRequest } from '../sip-request.js';

/** What `processMaxForwards` found. */
export type MaxForwardsResult = 'decremented' | 'added' | 'exhausted';

/**
 * Kamailio's `mf_process_maxfwd_header(initial)` (maxfwd module), and RFC 3261 §16.6 step 3:
 * a request without Max-Forwards gets one with `initial`; one with 0 is `exhausted` (the
 * caller answers 483 Too Many Hops, §16.3 step 2, and does not forward); otherwise the value
 * is decremented, after being lowered to `maxLimit` when above it (maxfwd `max_limit`).
 *
 * The proxy core does not call this itself: like tm, `relay()` and `forward()` send the
 * Max-Forwards the routing layer left, so that a script decides (maxfwd before t_relay).
 */
export function processMaxForwards(req: SipRequest, initial = 70, maxLimit = 70): MaxForwardsResult {
  const current = req.maxForwards;
  if (current === null) {
    req.appendHeader('Max-Forwards', String(Math.min(initial, maxLimit)));
    return 'added';
  }
  if (current === 0) return 'exhausted';
  req.replaceHeader('Max-Forwards', String(Math.min(current, maxLimit) - 1));
  return 'decremented';
}
