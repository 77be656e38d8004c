import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { FailureReplyMode, parseMessage, statelessToTag, type SipResponse } from '../../../../src/sip/index.js';
import { loopbackSetup, type LoopbackSetup } from './loopback-setup.js';
import { actAsUas, newBranch, newTag, reasonOf } from './sip-agent.js';
import { simpleRouter } from './simple-router.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const PROXY_URI = 'sip:bob@127.0.0.1:5060';

let setup: LoopbackSetup | null = null;

afterEach(async () => {
  if (setup !== null) {
    assert.deepEqual(setup.errors, [], 'no exception reached the core');
    assert.deepEqual(setup.net.errors, [], 'no sink threw');
    await setup.stop();
    setup = null;
  }
});

async function start(options: Parameters<typeof loopbackSetup>[0] = {}): Promise<LoopbackSetup> {
  setup = await loopbackSetup(options);
  return setup;
}

interface Call {
  readonly callId: string;
  readonly fromTag: string;
  readonly branch: string;
}

function newCall(): Call {
  return { callId: `${newTag()}@test`, fromTag: newTag(), branch: newBranch() };
}

function sendInvite(s: LoopbackSetup, call: Call, uri = PROXY_URI): Buffer {
  const bytes = s.uac.request({ method: 'INVITE', uri, callId: call.callId, fromTag: call.fromTag, branch: call.branch, headers: ['Content-Type: application/sdp'], body: SDP });
  s.uac.send(s.proxy, bytes);
  return bytes;
}

function toTagOf(res: SipResponse | undefined): string {
  const tag = res?.to?.tag;
  assert.ok(tag != null, 'the response has a To tag');
  return tag;
}

describe('ProxyCore through the loopback transport', () => {
  it('relays INVITE/180/200, then ACK and BYE along the Record-Route set', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [180, 200] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    sendInvite(s, call);
    await s.settle();

    assert.deepEqual(s.uac.statuses('INVITE'), [100, 180, 200]);
    const inv = s.uas.requests('INVITE');
    assert.equal(inv.length, 1);
    const forwarded = inv[0];
    assert.ok(forwarded !== undefined);
    assert.equal(forwarded.vias.length, 2, 'our Via on top of the UAC one');
    assert.equal(forwarded.topVia?.host, '127.0.0.1');
    assert.equal(forwarded.topVia.port, 5060);
    assert.match(forwarded.topVia.branch ?? '', /^z9hG4bK[0-9a-f]{16}$/);
    assert.equal(forwarded.maxForwards, 69, 'Max-Forwards decremented by the router (maxfwd)');
    assert.equal(forwarded.recordRoutes[0]?.raw, '<sip:127.0.0.1:5060;lr>');
    assert.equal(forwarded.body.toString(), SDP);

    const ok = s.uac.responses(200, 'INVITE')[0];
    assert.ok(ok !== undefined);
    assert.equal(ok.vias.length, 1, 'our Via removed from the response');
    assert.equal(ok.recordRoutes.length, 1);
    const toTag = toTagOf(ok);
    const trying = s.uac.responses(100)[0];
    assert.equal(trying?.reason, 'trying -- your call is important to us');
    assert.equal(trying.to?.tag ?? null, null, 'a 100 has no To tag');

    // ACK for the 2xx: a new transaction-less request, forwarded statelessly.
    const uasUri = `sip:bob@${s.uas.hostport}`;
    s.uac.send(s.proxy, s.uac.request({ method: 'ACK', uri: uasUri, callId: call.callId, fromTag: call.fromTag, toTag, headers: ['Route: <sip:127.0.0.1:5060;lr>'] }));
    await s.settle();
    const ack = s.uas.requests('ACK');
    assert.equal(ack.length, 1);
    assert.match(ack[0]?.topVia?.branch ?? '', /^z9hG4bKsl[0-9a-f]{16}$/, 'stateless branch');
    assert.equal(ack[0]?.routes.length, 0, 'our Route removed');

    s.uac.send(s.proxy, s.uac.request({ method: 'BYE', uri: uasUri, callId: call.callId, fromTag: call.fromTag, toTag, cseq: 2, headers: ['Route: <sip:127.0.0.1:5060;lr>'] }));
    await s.settle();
    assert.equal(s.uas.requests('BYE').length, 1);
    assert.deepEqual(s.uac.statuses('BYE'), [200]);
    assert.equal(s.core.stats.transactions, 2);
  });

  it('runs the same call over a reliable transport without retransmission timers', async () => {
    const s = await start({ proto: 'tcp' });
    actAsUas(s.uas, { invite: [180, 200] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport};transport=tcp` });
    sendInvite(s, newCall());
    await s.settle();
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 180, 200]);
    assert.equal(s.uas.requests('INVITE')[0]?.topVia?.transport, 'TCP');
  });

  it('cancels a ringing call: 200 for the CANCEL, CANCEL downstream, 487 for the INVITE, ACK absorbed', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [180] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    sendInvite(s, call);
    await s.settle();
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 180]);

    s.uac.send(s.proxy, s.uac.request({ method: 'CANCEL', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, branch: call.branch, headers: ['Reason: Q.850;cause=16'] }));
    await s.settle();
    assert.deepEqual(s.uac.statuses('CANCEL'), [200]);
    const cancel = s.uas.requests('CANCEL')[0];
    const invite = s.uas.requests('INVITE')[0];
    assert.ok(cancel !== undefined && invite !== undefined);
    assert.equal(cancel.topVia?.branch, invite.topVia?.branch, 'CANCEL carries the branch of the INVITE it cancels (RFC 3261 §9.1)');
    assert.equal(cancel.vias.length, 1);
    assert.equal(cancel.header('Reason'), 'Q.850;cause=16', 'e2e_cancel_reason');
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 180, 487]);
    assert.equal(s.uas.requests('ACK').length, 1, 'the proxy ACKs the 487 hop by hop');

    const r487 = s.uac.responses(487)[0];
    s.uac.send(s.proxy, s.uac.request({ method: 'ACK', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, toTag: toTagOf(r487), branch: call.branch }));
    await s.settle();
    assert.equal(s.uas.requests('ACK').length, 1, 'the UAC ACK for 487 is absorbed by the INVITE server transaction');
    assert.equal(s.core.layer.stats.absorbed, 1);
  });

  it('waits for a provisional response before sending a CANCEL (RFC 3261 §9.1)', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    sendInvite(s, call);
    await s.settle();
    s.uac.send(s.proxy, s.uac.request({ method: 'CANCEL', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, branch: call.branch }));
    await s.settle();
    assert.deepEqual(s.uac.statuses('CANCEL'), [200]);
    assert.equal(s.uas.requests('CANCEL').length, 0, 'no CANCEL before a provisional');
    const got = s.uas.inbox.find((r) => r.msg.kind === 'request' && r.msg.method === 'INVITE');
    assert.ok(got !== undefined && got.msg.kind === 'request');
    s.uas.reply(got.msg, got.info, 180, 'Ringing', { toTag: 'uas1' });
    await s.settle();
    assert.equal(s.uas.requests('CANCEL').length, 1, 'sent as soon as the 180 came');
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 180, 487]);
  });

  it('re-forwards in onFailure after a 486 and relays the second UAS 200 (serial forking)', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [486] });
    actAsUas(s.uas2, { invite: [180, 200] });
    const seenBest: number[] = [];
    s.core.hooks.onRequest = simpleRouter(s.core, {
      destination: `sip:${s.uas.hostport}`,
      onFailure: (best, tx) => {
        seenBest.push(best.status);
        assert.ok(tx.inFailureRoute);
        if (best.status === 486) assert.equal(tx.relay([{ dstUri: `sip:${s.uas2.hostport}` }]), 1);
      },
    });
    sendInvite(s, newCall());
    await s.settle();
    assert.deepEqual(seenBest, [486]);
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 180, 200]);
    assert.equal(s.uas.requests('ACK').length, 1, 'the 486 was ACKed by the proxy');
    assert.equal(s.uas2.requests('INVITE').length, 1);
  });

  it('sends the best answer upstream when onFailure adds nothing', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [486] });
    let calls = 0;
    s.core.hooks.onRequest = simpleRouter(s.core, {
      destination: `sip:${s.uas.hostport}`,
      onFailure: () => {
        calls++;
      },
    });
    sendInvite(s, newCall());
    await s.settle();
    assert.equal(calls, 1);
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 486]);
  });

  it('absorbs request retransmissions: an INVITE sent twice makes one transaction', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [180] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    const bytes = sendInvite(s, call);
    s.uac.send(s.proxy, bytes);
    await s.settle();
    assert.equal(s.uas.requests('INVITE').length, 1);
    assert.equal(s.core.stats.transactions, 1);
    assert.ok(s.core.layer.stats.absorbed >= 1);
    // A retransmission now gets the last provisional again.
    const before = s.uac.statuses('INVITE').length;
    s.uac.send(s.proxy, bytes);
    await s.settle();
    assert.deepEqual(s.uac.statuses('INVITE').slice(before), [180]);
    assert.equal(s.uas.requests('INVITE').length, 1);
  });

  it('forks in parallel: the 200 wins, the ringing branch is cancelled with Reason cause=200', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [180] });
    actAsUas(s.uas2, { invite: [200] });
    s.core.hooks.onRequest = simpleRouter(s.core, { fork: [{ dstUri: `sip:${s.uas.hostport}` }, { dstUri: `sip:${s.uas2.hostport}` }] });
    sendInvite(s, newCall());
    await s.settle();
    const statuses = s.uac.statuses('INVITE');
    assert.ok(statuses.includes(200), statuses.join());
    assert.ok(!statuses.includes(487));
    const cancel = s.uas.requests('CANCEL')[0];
    assert.ok(cancel !== undefined);
    assert.equal(cancel.header('Reason'), 'SIP;cause=200;text="Call completed elsewhere"');
    assert.equal(s.uas.requests('ACK').length, 1, "the cancelled branch's 487 is ACKed by the proxy");
  });

  it('lets a 6xx win and cancels the other branches', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [180] });
    actAsUas(s.uas2, { invite: [603] });
    s.core.hooks.onRequest = simpleRouter(s.core, { fork: [{ dstUri: `sip:${s.uas.hostport}` }, { dstUri: `sip:${s.uas2.hostport}` }] });
    sendInvite(s, newCall());
    await s.settle();
    assert.equal(s.uas.requests('CANCEL').length, 1);
    const finals = s.uac.statuses('INVITE').filter((x) => x >= 200);
    assert.deepEqual(finals, [603]);
  });

  it('chooses the lowest class, prefers 401/407 and merges their challenges (RFC 3261 §16.7)', async () => {
    const s = await start();
    s.uas.auto = (msg, info, a) => {
      if (msg.kind === 'request' && msg.method === 'INVITE') a.reply(msg, info, 401, 'Unauthorized', { toTag: 'a', headers: [['WWW-Authenticate', 'Digest realm="a", nonce="1"']] });
    };
    s.uas2.auto = (msg, info, a) => {
      if (msg.kind === 'request' && msg.method === 'INVITE') a.reply(msg, info, 407, 'Proxy Authentication Required', { toTag: 'b', headers: [['Proxy-Authenticate', 'Digest realm="b", nonce="2"']] });
    };
    s.core.hooks.onRequest = simpleRouter(s.core, { fork: [{ dstUri: `sip:${s.uas.hostport}` }, { dstUri: `sip:${s.uas2.hostport}` }] });
    sendInvite(s, newCall());
    await s.settle();
    const final = s.uac.responses().find((r) => r.status >= 200);
    assert.equal(final?.status, 401);
    assert.equal(final.header('WWW-Authenticate'), 'Digest realm="a", nonce="1"');
    assert.equal(final.header('Proxy-Authenticate'), 'Digest realm="b", nonce="2"');
  });

  it('turns a chosen 503 into 500 (remap_503_500)', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [503] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    sendInvite(s, newCall());
    await s.settle();
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 500]);
  });

  for (const [mode, expected] of [
    [FailureReplyMode.KeepAll, 302],
    [FailureReplyMode.DiscardOnNewLeg, 486],
    [FailureReplyMode.DiscardAll, 486],
  ] as const) {
    it(`failure_reply_mode ${String(mode)}: after 302 then 486, ${String(expected)} goes upstream`, async () => {
      const s = await start({ settings: { failureReplyMode: mode } });
      actAsUas(s.uas, { invite: [302] });
      actAsUas(s.uas2, { invite: [486] });
      s.core.hooks.onRequest = simpleRouter(s.core, {
        destination: `sip:${s.uas.hostport}`,
        onFailure: (best, tx) => {
          if (best.status === 302) tx.relay([{ dstUri: `sip:${s.uas2.hostport}` }]);
        },
      });
      sendInvite(s, newCall());
      await s.settle();
      assert.deepEqual(s.uac.statuses('INVITE'), [100, expected]);
    });
  }

  it('t_reply in onFailure replaces the answer', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [302] });
    s.core.hooks.onRequest = simpleRouter(s.core, {
      destination: `sip:${s.uas.hostport}`,
      onFailure: (_best, tx) => {
        tx.reply(404, 'Not found');
      },
    });
    sendInvite(s, newCall());
    await s.settle();
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 404]);
    const r404 = s.uac.responses(404)[0];
    assert.match(toTagOf(r404), /^[0-9a-f]{32}$/, 'local replies carry the transaction To tag');
  });

  it('onBranch can edit a branch or drop it; onReply can drop a provisional', async () => {
    const s = await start();
    actAsUas(s.uas, { invite: [180, 200] });
    const branchIdx: number[] = [];
    s.core.hooks.onRequest = simpleRouter(s.core, {
      destination: `sip:${s.uas.hostport}`,
      onBranch: (req, idx) => {
        branchIdx.push(idx);
        req.appendHeader('X-Branch', String(idx));
        return undefined;
      },
      onReply: (res) => (res.status === 180 ? false : undefined),
    });
    sendInvite(s, newCall());
    await s.settle();
    assert.deepEqual(branchIdx, [0]);
    assert.equal(s.uas.requests('INVITE')[0]?.header('X-Branch'), '0');
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 200]);
  });

  it('a branch dropped by onBranch leaves nothing to relay: tm answers 500 when the script ends', async () => {
    const s = await start();
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}`, onBranch: () => false });
    sendInvite(s, newCall());
    await s.settle();
    assert.equal(s.uas.inbox.length, 0);
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 500]);
  });

  it('answers 478 when the destination cannot be resolved', async () => {
    const s = await start();
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: 'sip:127.0.0.3:5060;transport=sctp' });
    sendInvite(s, newCall());
    await s.settle();
    assert.deepEqual(s.uac.statuses('INVITE'), [100, 478]);
  });

  it('answers 483 when Max-Forwards is exhausted (routing layer) and 400 for a request that does not parse', async () => {
    const s = await start();
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    s.uac.send(s.proxy, s.uac.request({ method: 'OPTIONS', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, maxForwards: 0 }));
    s.uac.send(
      s.proxy,
      Buffer.from(`OPTIONS ${PROXY_URI} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKbad\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: nonsense\r\nContent-Length: 0\r\n\r\n`),
    );
    await s.settle();
    const statuses = s.uac.statuses();
    assert.deepEqual(statuses, [483, 400]);
    assert.equal(s.uac.responses(400)[0]?.reason, 'Invalid CSeq Header');
    assert.equal(s.uas.inbox.length, 0);
  });

  it('answers a retransmitted request statelessly with the same To tag, in the shape of the sl module', async () => {
    const s = await start();
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    const bytes = s.uac.request({ method: 'INVITE', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, branch: call.branch, maxForwards: 0 });
    s.uac.send(s.proxy, bytes);
    await s.settle();
    s.uac.send(s.proxy, bytes);
    await s.settle();
    const [first, again] = s.uac.responses(483);
    assert.ok(first !== undefined && again !== undefined, 'both copies are answered: no transaction absorbs them');
    assert.match(toTagOf(first), /^[0-9a-f]{32}\.[0-9a-f]{8}$/);
    assert.equal(toTagOf(again), toTagOf(first));
    const req = parseMessage(bytes);
    assert.equal(toTagOf(first), statelessToTag(req, s.core.transports.listeners), 'the one stateless To-tag function');
    const other = newCall();
    s.uac.send(s.proxy, s.uac.request({ method: 'INVITE', uri: PROXY_URI, callId: other.callId, fromTag: other.fromTag, branch: other.branch, maxForwards: 0 }));
    await s.settle();
    const third = s.uac.responses(483)[2];
    assert.notEqual(toTagOf(third), toTagOf(first), 'another request, another tag');
    assert.equal(toTagOf(third).split('.')[0], toTagOf(first).split('.')[0], 'one prefix per server');
  });

  it('forwards statelessly and routes the response back by its Via (received/rport)', async () => {
    const s = await start();
    actAsUas(s.uas, {});
    s.core.hooks.onRequest = (req, info) => {
      s.core.forward(req, info, { dstUri: `sip:${s.uas.hostport}` });
    };
    const call = newCall();
    s.uac.send(s.proxy, s.uac.request({ method: 'OPTIONS', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, viaHost: 'uac.invalid:5070', viaParams: ';rport' }));
    await s.settle();
    const fwd = s.uas.requests('OPTIONS')[0];
    assert.ok(fwd !== undefined);
    assert.equal(fwd.vias[1]?.received, '127.0.0.2');
    assert.equal(fwd.vias[1].rport, 5060);
    const res = s.uac.responses(200)[0];
    assert.ok(res !== undefined, 'the response found its way back to the source address and port');
    assert.equal(res.vias.length, 1);
    assert.equal(s.core.stats.statelessResponses, 1);
  });

  it('relays a CANCEL that matches no transaction like any request', async () => {
    const s = await start();
    actAsUas(s.uas, {});
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    s.uac.send(s.proxy, s.uac.request({ method: 'CANCEL', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag }));
    await s.settle();
    assert.equal(s.uas.requests('CANCEL').length, 1);
    assert.deepEqual(s.uac.statuses('CANCEL'), [200]);
  });

  it('relays non-INVITE requests through a non-INVITE transaction', async () => {
    const s = await start();
    actAsUas(s.uas, {});
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    s.uac.send(s.proxy, s.uac.request({ method: 'MESSAGE', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, body: 'hi' }));
    await s.settle();
    assert.deepEqual(s.uac.statuses('MESSAGE'), [200]);
    assert.equal(s.uas.requests('MESSAGE')[0]?.body.toString(), 'hi');
  });
});

describe('ProxyCore timers on an injected clock', () => {
  it('Timer E doubles up to T2 on a silent branch, then fr_timer answers 408', async () => {
    const s = await start({ manualClock: true });
    s.uas.auto = null;
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    s.uac.send(s.proxy, s.uac.request({ method: 'MESSAGE', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag }));
    await s.settle();
    await s.run(30_000);
    const at = s.uas.inbox.map((r) => r.at);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    assert.deepEqual(gaps.slice(0, 6), [500, 1000, 2000, 4000, 4000, 4000]);
    const r408 = s.uac.inbox.find((r) => r.msg.kind === 'response' && r.msg.status === 408);
    assert.ok(r408 !== undefined, 'fr_timer (30 s) fired');
    assert.equal(r408.at, 30_000);
  });

  it('Timer A doubles without cap and Timer B (64*T1) ends a silent INVITE branch with 408', async () => {
    const s = await start({ manualClock: true, settings: { frTimerMs: 60_000 } });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    sendInvite(s, newCall());
    await s.settle();
    await s.run(33_000);
    const at = s.uas.inbox.map((r) => r.at);
    assert.deepEqual(at, [0, 500, 1500, 3500, 7500, 15500, 31500]);
    const final = s.uac.inbox.find((r) => r.msg.kind === 'response' && r.msg.status >= 200);
    assert.ok(final !== undefined && final.msg.kind === 'response');
    assert.equal(final.msg.status, 408);
    assert.equal(final.at, 32_000);
  });

  it('fr_inv_timer after a 180: CANCEL downstream and 408 upstream', async () => {
    const s = await start({ manualClock: true, settings: { frInvTimerMs: 5000 } });
    actAsUas(s.uas, { invite: [180] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    sendInvite(s, newCall());
    await s.run(4990);
    assert.equal(s.uas.requests('CANCEL').length, 0);
    await s.run(20);
    assert.equal(s.uas.requests('CANCEL').length, 1);
    assert.deepEqual([...new Set(s.uac.statuses('INVITE').filter((x) => x >= 200))], [408]);
  });

  it('the final response to the UAC is retransmitted with Timer G until the ACK', async () => {
    const s = await start({ manualClock: true });
    actAsUas(s.uas, { invite: [486] });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    sendInvite(s, newCall());
    await s.settle();
    await s.run(8000);
    const at = s.uac.inbox.filter((r) => r.msg.kind === 'response' && r.msg.status === 486).map((r) => r.at);
    assert.deepEqual(at, [0, 500, 1500, 3500, 7500]);
  });

  it('a CANCEL that finds no branch answers the INVITE 487 when fr_timer fires', async () => {
    const s = await start({ manualClock: true, settings: { frTimerMs: 2000 } });
    s.core.hooks.onRequest = simpleRouter(s.core, { destination: `sip:${s.uas.hostport}` });
    const call = newCall();
    sendInvite(s, call);
    await s.settle();
    s.uac.send(s.proxy, s.uac.request({ method: 'CANCEL', uri: PROXY_URI, callId: call.callId, fromTag: call.fromTag, branch: call.branch }));
    await s.run(2500);
    assert.deepEqual(s.uac.statuses('CANCEL'), [200]);
    assert.deepEqual([...new Set(s.uac.statuses('INVITE').filter((x) => x >= 200))], [487]);
    assert.equal(reasonOf(487), s.uac.responses(487)[0]?.reason);
  });
});
