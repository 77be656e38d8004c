import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { betterResponse, failureReplyModeOf, FailureReplyMode, pickBest, upstreamStatus } from '../../../../src/sip/index.js';

describe('best response (RFC 3261 §16.7 step 6)', () => {
  it('takes a 6xx over anything else but 2xx', () => {
    assert.equal(pickBest([302, 486, 603, 500]), 2);
    assert.ok(betterResponse(600, 302));
  });

  it('otherwise takes the lowest class', () => {
    assert.equal(pickBest([500, 486, 404]), 2, '404 and 486 are 4xx; 404 ranks first in the class');
    assert.equal(pickBest([503, 302, 404]), 1);
  });

  it('prefers 401, 407, 415, 420 and 484 within 4xx', () => {
    assert.equal(pickBest([404, 407, 480]), 1);
    assert.equal(pickBest([486, 484]), 1);
    assert.ok(betterResponse(401, 400));
  });

  it('keeps the first of equals, ignores provisionals, and finds nothing in an empty context', () => {
    assert.equal(pickBest([486, 486]), 0);
    assert.equal(pickBest([180, 183]), -1);
    assert.equal(pickBest([]), -1);
  });

  it('maps a chosen 503 to 500 unless told not to (remap_503_500)', () => {
    assert.equal(upstreamStatus(503), 500);
    assert.equal(upstreamStatus(503, false), 503);
    assert.equal(upstreamStatus(486), 486);
  });

  it('reads failure_reply_mode values', () => {
    assert.equal(failureReplyModeOf(3), FailureReplyMode.DiscardOnNewLeg);
    assert.equal(failureReplyModeOf(0), FailureReplyMode.KeepAll);
    assert.equal(failureReplyModeOf(4), null);
  });
});
