import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage, processMaxForwards, type SipRequest } from '../../../../src/sip/index.js';

function req(maxForwards?: string): SipRequest {
  const m = parseMessage(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n${maxForwards === undefined ? '' : `Max-Forwards: ${maxForwards}\r\n`}From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`));
  if (m.kind !== 'request') throw new Error('request');
  return m;
}

describe('processMaxForwards (maxfwd, RFC 3261 §16.6 step 3)', () => {
  it('decrements, adds when missing, reports 0 as exhausted, and caps at max_limit', () => {
    const r = req('70');
    assert.equal(processMaxForwards(r), 'decremented');
    assert.equal(r.maxForwards, 69);
    const missing = req();
    assert.equal(processMaxForwards(missing, 10), 'added');
    assert.equal(missing.maxForwards, 10);
    const zero = req('0');
    assert.equal(processMaxForwards(zero), 'exhausted');
    assert.equal(zero.maxForwards, 0, 'left as it was');
    const big = req('255');
    assert.equal(processMaxForwards(big, 70, 16), 'decremented');
    assert.equal(big.maxForwards, 15);
    const one = req('1');
    processMaxForwards(one);
    assert.equal(one.maxForwards, 0, 'the last hop still gets it');
  });
});
