/**
 * RFC 3261 §16.7 step 6, the choice of the best final response of a response context:
 * "It MUST choose from the 6xx class responses if any exist in the context. If no 6xx class
 * responses are present, the proxy SHOULD choose from the lowest response class stored in the
 * response context ... The proxy SHOULD give preference to responses that provide information
 * affecting resubmission of this request, such as 401, 407, 415, 420, and 484 if the 4xx
 * class is chosen." Lower rank is better; equal ranks keep the earlier branch.
 */
export function responseRank(status: number): number {
  if (status >= 200 && status < 300) return 0;
  if (status >= 600) return 100 + status - 600;
  const cls = Math.floor(status / 100);
  const preferred = status === 401 || status === 407 || status === 415 || status === 420 || status === 484;
  return cls * 1000 + (preferred ? 0 : 100) + (status % 100);
}

/** Whether `a` is a better final response than `b` (strictly). */
export function betterResponse(a: number, b: number): boolean {
  return responseRank(a) < responseRank(b);
}

/**
 * The index of the best status in `statuses` (final responses only; -1 when empty). Among
 * equals the first one wins.
 */
export function pickBest(statuses: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i];
    if (s === undefined || s < 200) continue;
    const b = best < 0 ? undefined : statuses[best];
    if (b === undefined || betterResponse(s, b)) best = i;
  }
  return best;
}

/**
 * "If the only response that was received is a 503, the proxy SHOULD generate a 500 response
 * and forward that upstream" (§16.7 step 6; tm `remap_503_500`): the status to send for the
 * chosen one.
 */
export function upstreamStatus(status: number, remap503 = true): number {
  return remap503 && status === 503 ? 500 : status;
}
