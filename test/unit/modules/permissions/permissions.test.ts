/** permissions: which address-table rows cover a source address and port, and the address and subnet dumps. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AddressRow } from '../../../../src/db/repos/address.js';
import { addressDump, addressMatches, addressSlot, subnetDump } from '../../../../src/modules/permissions/index.js';

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

describe('permissions.addressDump and permissions.subnetDump', () => {
  const row = (id: number, grp: number, ip: string, mask: number, port: number, tag: string | null): AddressRow => ({ id, grp, ip_addr: ip, mask, port, tag });
  // The rows of the Kamailio 5.6 capture (../shared/reference/control/README.md).
  const rows = [row(1, 2, '127.0.0.0', 8, 0, 'loopback-net'), row(2, 1, '127.0.0.2', 32, 5060, ''), row(3, 1, '127.0.0.1', 32, 0, 'local-host')];

  it('puts hosts in the hash slot Kamailio 5.6 shows', () => {
    assert.equal(addressSlot('127.0.0.1'), 98);
    assert.equal(addressSlot('127.0.0.2'), 99);
    assert.ok(addressSlot('2001:db8::1') >= 0 && addressSlot('2001:db8::1') < 128);
  });
  it('dumps hosts by slot with "NULL" for no tag, and networks by group', () => {
    assert.deepEqual(addressDump(rows), [
      { table: 98, group: 1, item: { ip: '127.0.0.1', port: 0, tag: 'local-host' } },
      { table: 99, group: 1, item: { ip: '127.0.0.2', port: 5060, tag: 'NULL' } },
    ]);
    assert.deepEqual(subnetDump(rows), [{ id: 0, group: 2, item: { ip: '127.0.0.0', mask: 8, port: 0, tag: 'loopback-net' } }]);
  });
  it('counts mask 0 and IPv6 /128 as hosts', () => {
    const more = [row(4, 3, '10.0.0.1', 0, 0, null), row(5, 3, '2001:db8::1', 128, 0, null), row(6, 3, '2001:db8::', 32, 0, 'v6')];
    assert.deepEqual(addressDump(more).map((d) => (d['item'] as { ip: string }).ip).sort(), ['10.0.0.1', '2001:db8::1']);
    assert.deepEqual(subnetDump(more), [{ id: 0, group: 3, item: { ip: '2001:db8::', mask: 32, port: 0, tag: 'v6' } }]);
  });
});
