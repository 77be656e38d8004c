import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUri, urisEqual } from '../../../src/sip/index.js';

// The examples of RFC 3261 §19.1.4.
const EQUAL: readonly [string, string][] = [
  ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
  ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
  ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
  ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
  ['tel:+1-201-555-0123', 'tel:+1.201.555.0123'],
];
const DIFFERENT: readonly [string, string][] = [
  ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
  ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
  ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
  ['sip:a@b', 'sips:a@b'],
  ['sip:a@b', 'tel:+1'],
  ['sip:%00@h', 'sip:%00%00@h'],
];

describe('urisEqual (RFC 3261 §19.1.4)', () => {
  for (const [a, b] of EQUAL) {
    it(`${a} = ${b}`, () => {
      assert.equal(urisEqual(parseUri(a), parseUri(b)), true);
      assert.equal(urisEqual(parseUri(b), parseUri(a)), true);
    });
  }
  for (const [a, b] of DIFFERENT) {
    it(`${a} ≠ ${b}`, () => {
      assert.equal(urisEqual(parseUri(a), parseUri(b)), false);
      assert.equal(urisEqual(parseUri(b), parseUri(a)), false);
    });
  }
});
