import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseUri,
  Resolver,
  ResolveError,
  uriHostTarget,
} from '../../../../src/sip/index.js';

describe('request destinations (RFC 3263, reduced)', () => {
  it('reads protocol, host and port from the URI', () => {
    assert.deepEqual(uriHostTarget(parseUri('sip:bob@192.0.2.4')), { proto: 'udp', host: '192.0.2.4', port: 5060 });
    assert.deepEqual(uriHostTarget(parseUri('sip:bob@[2001:db8::4]:5070;transport=TCP')), { proto: 'tcp', host: '2001:db8::4', port: 5070 });
    assert.deepEqual(uriHostTarget(parseUri('sips:bob@example.com')), { proto: 'tls', host: 'example.com', port: 5061 });
    assert.deepEqual(uriHostTarget(parseUri('sip:bob@example.com;maddr=192.0.2.8')), { proto: 'udp', host: '192.0.2.8', port: 5060 });
    assert.throws(() => uriHostTarget(parseUri('tel:+15551234')), ResolveError);
    assert.throws(() => uriHostTarget(parseUri('sip:b@example.com;transport=sctp')), ResolveError);
  });

  it('resolves numbers and localhost without DNS, names through the lookup, with a cache', async () => {
    let lookups = 0;
    const resolver = new Resolver({
      lookup: async (host) => {
        lookups++;
        if (host === 'proxy.example.com') return [{ address: '192.0.2.50', family: 'IPv4' }, { address: '2001:db8::50', family: 'IPv6' }];
        throw new Error('ENOTFOUND');
      },
    });
    assert.deepEqual(resolver.resolveNow({ proto: 'udp', host: 'localhost', port: 5060 }), [{ proto: 'udp', address: '127.0.0.1', port: 5060, family: 'IPv4' }]);
    assert.equal(resolver.resolveNow({ proto: 'udp', host: 'proxy.example.com', port: 5060 }), null);
    const all = await resolver.resolveUri(parseUri('sip:proxy.example.com;transport=tcp'));
    assert.deepEqual(all.map((t) => `${t.proto}:${t.address}:${String(t.port)}`), ['tcp:192.0.2.50:5060', 'tcp:2001:db8::50:5060']);
    assert.equal(resolver.resolveNow({ proto: 'tcp', host: 'proxy.example.com', port: 5060 })?.length, 2, 'cached');
    await assert.rejects(resolver.resolve({ proto: 'udp', host: 'nowhere.example.com', port: 5060 }), ResolveError);
    assert.throws(() => resolver.resolveNow({ proto: 'udp', host: 'nowhere.example.com', port: 5060 }), ResolveError, 'negative cache');
    assert.equal(lookups, 2);
  });

  it('uses the SRV hook for a name without port', async () => {
    const resolver = new Resolver({
      lookup: async (host) => (host === 'sip1.example.com' ? [{ address: '192.0.2.61', family: 'IPv4' }] : []),
      srv: async (service) => (service === '_sip._udp.example.com' ? [{ name: 'sip1.example.com', port: 5090, priority: 10, weight: 5 }] : null),
    });
    const all = await resolver.resolveUri(parseUri('sip:alice@example.com'));
    assert.deepEqual(all, [{ proto: 'udp', address: '192.0.2.61', port: 5090, family: 'IPv4' }]);
  });
});
