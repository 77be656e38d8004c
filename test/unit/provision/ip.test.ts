import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { ipFamily, isHostname, parseIp, parseMask, parseNetwork } from '../../../src/provision/validate/ip.js';

const usage = (fn: () => unknown): void => {
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'E_USAGE');
};

describe('ip validation', () => {
  it('tells IPv4 from IPv6 and refuses the rest', () => {
    assert.equal(ipFamily('192.0.2.1'), 4);
    assert.equal(ipFamily('2001:db8::1'), 6);
    assert.equal(ipFamily('[2001:db8::1]'), 6);
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4.5', 'fe80::1%eth0', '', "1.2.3.4' OR 1=1", '١٢٣.1.1.1']) assert.equal(ipFamily(bad), undefined, bad);
    assert.deepEqual(parseIp('[::1]'), { family: 6, text: '::1' });
    usage(() => parseIp('example.com'));
  });
  it('checks masks per family and reads CIDR', () => {
    assert.equal(parseMask('0', 4), 0);
    assert.equal(parseMask('32', 4), 32);
    assert.equal(parseMask('128', 6), 128);
    for (const bad of ['33', '-1', '8.5', ' 8', '1e1', '']) usage(() => parseMask(bad, 4));
    usage(() => parseMask('129', 6));
    assert.deepEqual(parseNetwork('10.0.0.0/8'), { family: 4, text: '10.0.0.0', mask: 8 });
    assert.deepEqual(parseNetwork('2001:db8::1'), { family: 6, text: '2001:db8::1', mask: 128 });
    usage(() => parseNetwork('10.0.0.0/33'));
    usage(() => parseNetwork('10.0.0.0/'));
  });
  it('accepts RFC 1123 host names only', () => {
    assert.ok(isHostname('gw-1.example.com'));
    assert.ok(!isHostname('-gw.example.com'));
    assert.ok(!isHostname('1.2.3.4'));
    assert.ok(!isHostname('a'.repeat(64)));
    assert.ok(!isHostname('exa mple.com'));
  });
});
