/**
 * The proxy core on real sockets with in-process agents: a UDP caller through the proxy to a
 * TCP callee (protocol bridging, Record-Route with transport), CANCEL of a ringing call, a
 * 486 re-forwarded to a second callee, and the same call over IPv6 when the host has ::1.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { ProxyCore, TcpTransport, TransportSet, UdpTransport, type Transport, type TransportAddress } from '../../../src/sip/index.js';
import { freePorts } from '../../support/sipp.js';
import { actAsUas, newBranch, newTag, SipAgent } from '../../unit/sip/proxy/sip-agent.js';
import { simpleRouter } from '../../unit/sip/proxy/simple-router.js';

interface Net {
  readonly core: ProxyCore;
  readonly proxy: TransportAddress;
  readonly errors: unknown[];
}

async function proxyOn(address: string, port: number, withTcp = true): Promise<Net> {
  const family = address.includes(':') ? 'IPv6' : 'IPv4';
  const list: Transport[] = [new UdpTransport({ proto: 'udp', address, port })];
  if (withTcp) list.push(new TcpTransport({ proto: 'tcp', address, port }));
  const errors: unknown[] = [];
  const core = new ProxyCore({ transports: new TransportSet(list), onError: (e) => errors.push(e) });
  await core.start();
  return { core, proxy: { address, port, family }, errors };
}

async function ipv6Available(): Promise<boolean> {
  const s = dgram.createSocket('udp6');
  return new Promise<boolean>((resolve) => {
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(0, '::1', () => {
      s.close();
      resolve(true);
    });
  });
}

function invite(uac: SipAgent, proxy: TransportAddress, callId: string, fromTag: string, branch: string): void {
  const host = proxy.family === 'IPv6' ? `[${proxy.address}]` : proxy.address;
  uac.send(proxy, uac.request({ method: 'INVITE', uri: `sip:bob@${host}:${String(proxy.port)}`, callId, fromTag, branch, body: 'v=0\r\n', headers: ['Content-Type: application/sdp'] }));
}

describe('proxy core on real sockets', () => {
  let net: Net;
  let uac: SipAgent;
  let uasTcp: SipAgent;
  let uas2: SipAgent;

  before(async () => {
    const [p, a, b, c] = await freePorts(4);
    assert.ok(p !== undefined && a !== undefined && b !== undefined && c !== undefined);
    net = await proxyOn('127.0.0.1', p);
    uac = await new SipAgent(new UdpTransport({ proto: 'udp', address: '127.0.0.1', port: a })).start();
    uasTcp = await new SipAgent(new TcpTransport({ proto: 'tcp', address: '127.0.0.1', port: b })).start();
    uas2 = await new SipAgent(new UdpTransport({ proto: 'udp', address: '127.0.0.1', port: c })).start();
  });

  after(async () => {
    assert.deepEqual(net.errors, []);
    await net.core.stop();
    await Promise.all([uac.close(), uasTcp.close(), uas2.close()]);
  });

  it('bridges a UDP caller to a TCP callee: INVITE/180/200, ACK and BYE along the route set', async () => {
    actAsUas(uasTcp, { invite: [180, 200] });
    net.core.hooks.onRequest = simpleRouter(net.core, { destination: `sip:${uasTcp.hostport};transport=tcp` });
    const callId = `${newTag()}@sockets`;
    const fromTag = newTag();
    invite(uac, net.proxy, callId, fromTag, newBranch());
    const ok = await uac.waitFor((r) => r.msg.kind === 'response' && r.msg.status === 200 && r.msg.callId === callId);
    assert.ok(ok.msg.kind === 'response');
    const inv = uasTcp.requests('INVITE').find((r) => r.callId === callId);
    assert.equal(inv?.topVia?.transport, 'TCP', 'the proxy Via names the protocol it sent over');
    assert.equal(inv.recordRoutes[0]?.uri.kind, 'sip');
    const rr = ok.msg.recordRoutes[0]?.raw ?? '';
    // The router records the socket the INVITE came in on (double Record-Route across
    // protocols is the rr module's business, not the core's).
    assert.match(rr, /^<sip:127\.0\.0\.1:\d+;lr>$/);
    const toTag = ok.msg.to?.tag ?? '';
    const uasUri = `sip:bob@${uasTcp.hostport};transport=tcp`;
    uac.send(net.proxy, uac.request({ method: 'ACK', uri: uasUri, callId, fromTag, toTag, headers: [`Route: ${rr}`] }));
    await uasTcp.waitFor((r) => r.msg.kind === 'request' && r.msg.method === 'ACK' && r.msg.callId === callId);
    uac.send(net.proxy, uac.request({ method: 'BYE', uri: uasUri, callId, fromTag, toTag, cseq: 2, headers: [`Route: ${rr}`] }));
    await uac.waitFor((r) => r.msg.kind === 'response' && r.msg.status === 200 && r.msg.cseq?.method === 'BYE' && r.msg.callId === callId);
    assert.deepEqual(
      uac.responses(undefined, 'INVITE').filter((r) => r.callId === callId).map((r) => r.status),
      [100, 180, 200],
    );
  });

  it('cancels a ringing call (487 for the INVITE, 200 for the CANCEL)', async () => {
    actAsUas(uas2, { invite: [180] });
    net.core.hooks.onRequest = simpleRouter(net.core, { destination: `sip:${uas2.hostport}` });
    const callId = `${newTag()}@sockets`;
    const fromTag = newTag();
    const branch = newBranch();
    invite(uac, net.proxy, callId, fromTag, branch);
    await uac.waitFor((r) => r.msg.kind === 'response' && r.msg.status === 180 && r.msg.callId === callId);
    uac.send(net.proxy, uac.request({ method: 'CANCEL', uri: `sip:bob@127.0.0.1:${String(net.proxy.port)}`, callId, fromTag, branch }));
    await uac.waitFor((r) => r.msg.kind === 'response' && r.msg.status === 200 && r.msg.cseq?.method === 'CANCEL' && r.msg.callId === callId);
    const r487 = await uac.waitFor((r) => r.msg.kind === 'response' && r.msg.status === 487 && r.msg.callId === callId);
    assert.ok(r487.msg.kind === 'response');
    uac.send(net.proxy, uac.request({ method: 'ACK', uri: `sip:bob@127.0.0.1:${String(net.proxy.port)}`, callId, fromTag, branch, toTag: r487.msg.to?.tag ?? '' }));
    assert.equal(uas2.requests('CANCEL').filter((r) => r.callId === callId).length, 1);
  });

  it('re-forwards to a second callee after a 486', async () => {
    actAsUas(uas2, { invite: [486] });
    actAsUas(uasTcp, { invite: [200] });
    net.core.hooks.onRequest = simpleRouter(net.core, {
      destination: `sip:${uas2.hostport}`,
      onFailure: (best, tx) => {
        if (best.status === 486) tx.relay([{ dstUri: `sip:${uasTcp.hostport};transport=tcp` }]);
      },
    });
    const callId = `${newTag()}@sockets`;
    invite(uac, net.proxy, callId, newTag(), newBranch());
    await uac.waitFor((r) => r.msg.kind === 'response' && r.msg.status === 200 && r.msg.callId === callId);
    assert.deepEqual(
      uac.responses(undefined, 'INVITE').filter((r) => r.callId === callId).map((r) => r.status),
      [100, 200],
    );
    await uas2.waitFor((r) => r.msg.kind === 'request' && r.msg.method === 'ACK' && r.msg.callId === callId);
  });
});

describe('proxy core over IPv6', () => {
  it('relays a call between ::1 sockets', async (t) => {
    if (!(await ipv6Available())) {
      t.skip('no IPv6 loopback here');
      return;
    }
    const [p, a, b] = await freePorts(3, 'udp', '::1');
    assert.ok(p !== undefined && a !== undefined && b !== undefined);
    const net = await proxyOn('::1', p, false);
    const uac = await new SipAgent(new UdpTransport({ proto: 'udp', address: '::1', port: a })).start();
    const uas = await new SipAgent(new UdpTransport({ proto: 'udp', address: '::1', port: b })).start();
    try {
      actAsUas(uas, { invite: [180, 200] });
      net.core.hooks.onRequest = simpleRouter(net.core, { destination: `sip:[::1]:${String(b)}` });
      const callId = `${newTag()}@v6`;
      invite(uac, net.proxy, callId, newTag(), newBranch());
      await uac.waitForResponse(200, 'INVITE');
      const inv = uas.requests('INVITE')[0];
      assert.equal(inv?.topVia?.host, '[::1]');
      assert.equal(inv.recordRoutes[0]?.raw, `<sip:[::1]:${String(p)};lr>`);
      assert.deepEqual(net.errors, []);
    } finally {
      await net.core.stop();
      await uac.close();
      await uas.close();
    }
  });
});
