import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { parseDispatcherDestination } from '../../../src/provision/validate/dispatcher-destination.js';

describe('dispatcher destinations', () => {
  it('reads host, port and transport', () => {
    const d = parseDispatcherDestination('sip:192.0.2.1:5080;transport=TCP');
    assert.equal(d.host, '192.0.2.1');
    assert.equal(d.port, 5080);
    assert.equal(d.transport, 'tcp');
    assert.equal(parseDispatcherDestination('sips:[2001:db8::1]').host, '[2001:db8::1]');
    assert.equal(parseDispatcherDestination('sip:gw.example.com').transport, null);
  });
  it('refuses what the dispatcher cannot use, naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['192.0.2.1', /not a SIP URI|not a sip/],
      ['tel:+4930123', /not a sip: or sips: URI/],
      ['sip:gw.example.com;transport=carrier-pigeon', /transport/],
      ['sip:gw.example.com:0', /port 0/],
      ['sip:gw.example.com:70000', /port|SIP URI/],
      ['sip:u:pw@gw.example.com', /password/],
      ['sip:gw.example.com?X=1', /headers/],
      [`sip:${'a'.repeat(200)}.com`, /longer than 192/],
      ["sip:gw'; DROP TABLE dispatcher; --", /SIP URI/],
    ];
    for (const [text, re] of cases) {
      assert.throws(() => parseDispatcherDestination(text), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE' && re.test(e.message), text);
    }
  });
});
