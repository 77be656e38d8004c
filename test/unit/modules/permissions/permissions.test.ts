/** permissions: which address-table rows cover a source address and port. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressMatches } from '../../../../src/modules/permissions/index.js';

describe('addressMatches', () => {
  it('matches one host for mask 32 and for mask 0', () => {
    assert.equal(addressMatches({ ip_addr: '127.0.0.5', mask: 32, port: 0 }, '127.0.0.5', 5060), true);
    assert.equal(addressMatches({ ip_addr: '127.0.0.5', mask: 0, port: 0 }, '127.0.0.5', 5060), true);
    assert.equal(addressMatches({ ip_addr: '127.0.0.5', mask: 0, port: 0 }, '127.0.0.6', 5060), false);
  });
  it('matches a subnet', () => {
    assert.equal(addressMatches({ ip_addr: '10.1.0.0', mask: 16, port: 0 }, '10.1.200.3', 1), true);
    assert.equal(addressMatches({ ip_addr: '10.1.0.0', mask: 16, port: 0 }, '10.2.0.1', 1), false);
    assert.equal(addressMatches({ ip_addr: '2001:db8::', mask: 32, port: 0 }, '2001:db8:1::1', 1), true);
  });
  it('checks the port unless it is 0', () => {
    assert.equal(addressMatches({ ip_addr: '127.0.0.1', mask: 32, port: 5070 }, '127.0.0.1', 5070), true);
    assert.equal(addressMatches({ ip_addr: '127.0.0.1', mask: 32, port: 5070 }, '127.0.0.1', 5071), false);
  });
  it('never matches a row whose address is not an IP', () => {
    assert.equal(addressMatches({ ip_addr: 'example.com', mask: 32, port: 0 }, '127.0.0.1', 1), false);
  });
});
