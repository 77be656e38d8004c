import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InviteClientTransaction, NonInviteClientTransaction, parseMessage, TransactionState } from '../../../../src/sip/index.js';
import { ClientTu, gaps, harness, outgoing, res, TCP_DEST, UDP_DEST } from './tx-harness.js';

const S = TransactionState;

describe('InviteClientTransaction (RFC 3261 §17.1.1, RFC 6026)', () => {
  it('Timer A doubles from T1 without a cap; Timer B (64*T1) tells the TU and terminates', () => {
    const h = harness();
    const tu = new ClientTu();
    const tx = h.layer.createClient(outgoing(), UDP_DEST, 'z9hG4bKproxy1', tu);
    assert.ok(tx instanceof InviteClientTransaction);
    tx.start();
    assert.equal(tx.state, S.Calling);
    h.clock.advance(40_000);
    assert.deepEqual(h.sender.times('INVITE'), [0, 500, 1500, 3500, 7500, 15500, 31500]);
    assert.deepEqual(gaps(h.sender.times('INVITE')), [500, 1000, 2000, 4000, 8000, 16000]);
    assert.equal(tu.timeouts, 1);
    assert.equal(tx.state, S.Terminated);
    assert.equal(h.layer.clientCount, 0);
  });

  it('on a reliable transport sends once; Timer B still runs', () => {
    const h = harness();
    const tu = new ClientTu();
    const tx = h.layer.createClient(outgoing(), TCP_DEST, 'z9hG4bKproxy1', tu);
    tx.start();
    h.clock.advance(32_000);
    assert.deepEqual(h.sender.times('INVITE'), [0]);
    assert.equal(tu.timeouts, 1);
  });

  it('stops retransmitting on a provisional, ACKs a 486 itself and absorbs its retransmissions until Timer D', () => {
    const h = harness();
    const tu = new ClientTu();
    const sent = outgoing('INVITE', 'z9hG4bKproxy1', ['Route: <sip:p2.example.com;lr>']);
    const tx = h.layer.createClient(sent, UDP_DEST, 'z9hG4bKproxy1', tu);
    tx.start();
    h.clock.advance(600);
    assert.ok(h.layer.receiveResponse(res(180)) === tx);
    assert.equal(tx.state, S.Proceeding);
    h.clock.advance(10_000);
    assert.deepEqual(h.sender.times('INVITE'), [0, 500], 'no retransmission in Proceeding');
    h.layer.receiveResponse(res(486));
    assert.equal(tx.state, S.Completed);
    assert.deepEqual(tu.responses, [180, 486]);
    const ack = h.sender.sent.find((s) => s.firstLine.startsWith('ACK'));
    assert.ok(ack !== undefined);
    const a = parseMessage(Buffer.from(ack.text));
    if (a.kind !== 'request') throw new Error('the ACK is a request');
    // §17.1.1.3: same Request-URI, Call-ID, From, CSeq number; To of the response; one Via = the INVITE's top Via; its Route.
    assert.equal(a.requestUriText, sent.requestUriText);
    assert.equal(a.callId, 'call-1');
    assert.equal(a.from?.tag, 'f1');
    assert.equal(a.to?.tag, 't9');
    assert.equal(a.vias.length, 1);
    assert.equal(a.topVia?.branch, 'z9hG4bKproxy1');
    assert.deepEqual(a.cseq, { seq: 1, method: 'ACK' });
    assert.equal(a.header('Route'), '<sip:p2.example.com;lr>');
    assert.equal(a.maxForwards, 70);
    h.layer.receiveResponse(res(486));
    assert.equal(h.sender.times('ACK').length, 2, 'the ACK is re-sent for a retransmitted 486');
    assert.deepEqual(tu.responses, [180, 486], 'the retransmission is not passed up');
    h.clock.advance(31_990);
    assert.equal(tx.state, S.Completed);
    h.clock.advance(20);
    assert.equal(tx.state, S.Terminated, 'Timer D');
  });

  it('on a reliable transport Timer D is zero: Terminated right after the ACK', () => {
    const h = harness();
    const tx = h.layer.createClient(outgoing(), TCP_DEST, 'z9hG4bKproxy1', new ClientTu());
    tx.start();
    h.layer.receiveResponse(res(404));
    assert.equal(tx.state, S.Terminated);
    assert.equal(h.sender.times('ACK').length, 1);
  });

  it('moves to Accepted on 2xx, passes 2xx retransmissions up, and ends on Timer M', () => {
    const h = harness();
    const tu = new ClientTu();
    const tx = h.layer.createClient(outgoing(), UDP_DEST, 'z9hG4bKproxy1', tu);
    tx.start();
    h.layer.receiveResponse(res(200));
    assert.equal(tx.state, S.Accepted);
    h.clock.advance(5000);
    assert.deepEqual(h.sender.times('INVITE'), [0], 'no retransmission after a 2xx');
    h.layer.receiveResponse(res(200));
    h.layer.receiveResponse(res(486));
    assert.deepEqual(tu.responses, [200, 200]);
    assert.equal(h.sender.times('ACK').length, 0, 'the ACK of a 2xx is not the transaction’s');
    h.clock.advance(27_000);
    assert.equal(tx.state, S.Terminated);
  });

  it('terminates on a transport error and tells the TU', async () => {
    const h = harness();
    const tu = new ClientTu();
    h.sender.failWith = new Error('ECONNREFUSED');
    const tx = h.layer.createClient(outgoing(), TCP_DEST, 'z9hG4bKproxy1', tu);
    tx.start();
    await new Promise((r) => { process.nextTick(r); });
    assert.equal(tx.state, S.Terminated);
    assert.equal(tu.transportErrors, 1);
  });

  it('after a CANCEL, gives up 64*T1 later when no final response came (§9.1)', () => {
    const h = harness();
    const tu = new ClientTu();
    const tx = h.layer.createClient(outgoing(), UDP_DEST, 'z9hG4bKproxy1', tu);
    assert.ok(tx instanceof InviteClientTransaction);
    tx.start();
    h.layer.receiveResponse(res(180));
    h.clock.advance(60_000);
    assert.equal(tx.state, S.Proceeding, 'no timer in Proceeding by itself');
    tx.cancelSent();
    h.clock.advance(32_000);
    assert.equal(tx.state, S.Terminated);
    assert.equal(tu.timeouts, 1);
  });
});

describe('NonInviteClientTransaction (RFC 3261 §17.1.2)', () => {
  it('Timer E doubles up to T2, then Timer F times out', () => {
    const h = harness();
    const tu = new ClientTu();
    const tx = h.layer.createClient(outgoing('OPTIONS'), UDP_DEST, 'z9hG4bKproxy1', tu);
    assert.ok(tx instanceof NonInviteClientTransaction);
    tx.start();
    assert.equal(tx.state, S.Trying);
    h.clock.advance(40_000);
    const g = gaps(h.sender.times('OPTIONS'));
    assert.deepEqual(g.slice(0, 7), [500, 1000, 2000, 4000, 4000, 4000, 4000]);
    assert.equal(h.sender.times('OPTIONS').at(-1), 31_500);
    assert.equal(tu.timeouts, 1);
    assert.equal(tx.state, S.Terminated);
  });

  it('in Proceeding retransmits every T2; a final response completes it; Timer K ends it', () => {
    const h = harness();
    const tu = new ClientTu();
    const tx = h.layer.createClient(outgoing('REGISTER'), UDP_DEST, 'z9hG4bKproxy1', tu);
    tx.start();
    h.layer.receiveResponse(res(100, { cseqMethod: 'REGISTER' }));
    assert.equal(tx.state, S.Proceeding);
    h.clock.advance(12_600);
    // The pending E (500) fires, then every T2.
    assert.deepEqual(h.sender.times('REGISTER'), [0, 500, 4500, 8500, 12500]);
    h.layer.receiveResponse(res(200, { cseqMethod: 'REGISTER' }));
    assert.equal(tx.state, S.Completed);
    h.layer.receiveResponse(res(200, { cseqMethod: 'REGISTER' }));
    assert.deepEqual(tu.responses, [100, 200], 'retransmitted final absorbed');
    h.clock.advance(4990);
    assert.equal(tx.state, S.Completed);
    h.clock.advance(20);
    assert.equal(tx.state, S.Terminated, 'Timer K = T4');
  });

  it('on a reliable transport: no retransmissions and Timer K is zero', () => {
    const h = harness();
    const tx = h.layer.createClient(outgoing('BYE'), TCP_DEST, 'z9hG4bKproxy1', new ClientTu());
    tx.start();
    h.clock.advance(10_000);
    assert.deepEqual(h.sender.times('BYE'), [0]);
    h.layer.receiveResponse(res(200, { cseqMethod: 'BYE' }));
    assert.equal(tx.state, S.Terminated);
  });

  it('matches responses by branch and CSeq method: a CANCEL and its INVITE are two transactions', () => {
    const h = harness();
    const tuInvite = new ClientTu();
    const tuCancel = new ClientTu();
    const inv = h.layer.createClient(outgoing('INVITE'), UDP_DEST, 'z9hG4bKproxy1', tuInvite);
    const can = h.layer.createClient(outgoing('CANCEL'), UDP_DEST, 'z9hG4bKproxy1', tuCancel);
    inv.start();
    can.start();
    assert.equal(h.layer.receiveResponse(res(200, { cseqMethod: 'CANCEL' })), can);
    assert.equal(h.layer.receiveResponse(res(487)), inv);
    assert.equal(h.layer.receiveResponse(res(200, { branch: 'z9hG4bKother' })), null);
    assert.deepEqual(tuCancel.responses, [200]);
    assert.deepEqual(tuInvite.responses, [487]);
  });
});
