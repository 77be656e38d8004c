import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { formatCtlUrl, parseCtlUrl } from '../../../src/rpc/ctl-url.js';

describe('control socket URLs', () => {
  it('parses every transport', () => {
    assert.deepEqual(parseCtlUrl('unix:/run/kamailio/kamailio_ctl'), { protocol: 'binrpc', transport: 'unix-stream', path: '/run/kamailio/kamailio_ctl' });
    assert.deepEqual(parseCtlUrl('unixs:/var/run/kamailio//kamailio_ctl'), { protocol: 'binrpc', transport: 'unix-stream', path: '/var/run/kamailio//kamailio_ctl' });
    assert.deepEqual(parseCtlUrl('/run/k.sock'), { protocol: 'binrpc', transport: 'unix-stream', path: '/run/k.sock' });
    assert.deepEqual(parseCtlUrl('UNIXD:/tmp/ctl.dgram'), { protocol: 'binrpc', transport: 'unix-dgram', path: '/tmp/ctl.dgram' });
    assert.deepEqual(parseCtlUrl('tcp:127.0.0.1:2050'), { protocol: 'binrpc', transport: 'tcp', host: '127.0.0.1', port: 2050 });
    assert.deepEqual(parseCtlUrl('tcp:localhost'), { protocol: 'binrpc', transport: 'tcp', host: 'localhost', port: 2049 });
    assert.deepEqual(parseCtlUrl('udp:[::1]:2049'), { protocol: 'binrpc', transport: 'udp', host: '::1', port: 2049 });
    assert.deepEqual(parseCtlUrl('fifo:/run/kamailio/kamailio_rpc.fifo'), { protocol: 'jsonrpc', transport: 'fifo', path: '/run/kamailio/kamailio_rpc.fifo' });
    assert.deepEqual(parseCtlUrl('jsonunixd:/run/kamailio/kamailio_rpc.sock'), { protocol: 'jsonrpc', transport: 'unix-dgram', path: '/run/kamailio/kamailio_rpc.sock' });
    assert.deepEqual(parseCtlUrl('jsonudp:127.0.0.1:8090'), { protocol: 'jsonrpc', transport: 'udp', host: '127.0.0.1', port: 8090 });
    assert.deepEqual(parseCtlUrl('http://127.0.0.1:5060/RPC'), { protocol: 'jsonrpc', transport: 'http', url: 'http://127.0.0.1:5060/RPC' });
    assert.deepEqual(parseCtlUrl('http://127.0.0.1:5060'), { protocol: 'jsonrpc', transport: 'http', url: 'http://127.0.0.1:5060/RPC' });
    assert.deepEqual(parseCtlUrl('https://[::1]:5061/jsonrpc'), { protocol: 'jsonrpc', transport: 'http', url: 'https://[::1]:5061/jsonrpc' });
  });

  it('formats back to a canonical form', () => {
    for (const text of ['unix:/a/b', 'unixd:/a/b', 'tcp:127.0.0.1:2049', 'udp:[::1]:2049', 'fifo:/a/f', 'jsonunixd:/a/s', 'jsonudp:127.0.0.1:9', 'http://127.0.0.1:5060/RPC']) {
      assert.equal(formatCtlUrl(parseCtlUrl(text)), text);
    }
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['kamailio_ctl', /no scheme/],
    ['foo:/x', /unknown scheme "foo:"/],
    ['unix:', /path is empty/],
    [`unix:/${'x'.repeat(120)}`, /at most 107 bytes/],
    ['tcp:', /host is missing/],
    ['tcp:2049', /looks like a port/],
    ['tcp:host:0', /outside 1\.\.65535/],
    ['tcp:host:70000', /outside 1\.\.65535/],
    ['tcp:host:abc', /not a port number/],
    ['tcp:::1:2049', /brackets/],
    ['udp:[::1:2049', /missing its \]/],
    ['udp:[nope]:1', /not an IPv6 address/],
    ['tcp:bad_host:1', /not a host name/],
    ['jsonudp:127.0.0.1', /port is missing/],
    ['http://', /not a valid http/],
    ['http://user:pw@127.0.0.1/RPC', /credentials/],
    ['fifo:/a\0b', /NUL/],
  ];
  for (const [text, why] of bad) {
    it(`refuses ${JSON.stringify(text)} with E_USAGE`, () => {
      assert.throws(
        () => parseCtlUrl(text),
        (e: unknown) => e instanceof AppError && e.code === 'E_USAGE' && why.test(e.message) && e.message.includes('unix:/path'),
      );
    });
  }
});
