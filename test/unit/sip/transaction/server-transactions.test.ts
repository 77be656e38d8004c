import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../../src/errors.js';
import {
  createResponse,
  InviteServerTransaction,
  NonInviteServerTransaction,
  responseDestination,
  TransactionState,
  type ReceiveInfo,
  type SipRequest,
} from '../../../../src/sip/index.js';
import { gaps, harness, info, req, ServerTu, type Harness } from './tx-harness.js';

const S = TransactionState;

function serve(h: Harness, r: SipRequest, i: ReceiveInfo = info(), tu = new ServerTu()): InviteServerTransaction | NonInviteServerTransaction {
  const via = r.topVia;
  assert.ok(via !== null);
  return h.layer.createServer(r, i, responseDestination(via, i), tu);
}

describe('InviteServerTransaction (RFC 3261 §17.2.1, RFC 6026)', () => {
  it('resends the last provisional for a retransmitted INVITE, then the final one; Timer G doubles to T2', () => {
    const h = harness();
    const invite = req();
    const tx = serve(h, invite);
    assert.ok(tx instanceof InviteServerTransaction);
    assert.equal(tx.state, S.Proceeding);
    assert.equal(h.layer.receiveRequest(req()), tx, 'a retransmission matches');
    assert.equal(h.sender.sent.length, 0, 'nothing to resend yet');
    tx.respond(createResponse(invite, 180, 'Ringing', { toTag: 'x' }));
    h.layer.receiveRequest(req());
    assert.deepEqual(h.sender.sent.map((s) => s.firstLine), ['SIP/2.0 180 Ringing', 'SIP/2.0 180 Ringing']);
    tx.respond(createResponse(invite, 486, 'Busy Here', { toTag: 'x' }));
    assert.equal(tx.state, S.Completed);
    h.clock.advance(16_000);
    assert.deepEqual(gaps(h.sender.times('SIP/2.0 486')), [500, 1000, 2000, 4000, 4000, 4000]);
    h.layer.receiveRequest(req());
    assert.equal(h.sender.sent.at(-1)?.firstLine, 'SIP/2.0 486 Busy Here', 'a retransmission in Completed gets the final response');
    assert.equal(tx.respond(createResponse(invite, 200, 'OK')), false, 'no second final response');
  });

  it('an ACK confirms it, stops Timer G, and Timer I ends it', () => {
    const h = harness();
    const invite = req();
    const tx = serve(h, invite);
    tx.respond(createResponse(invite, 404, 'Not Found', { toTag: 'x' }));
    h.clock.advance(600);
    const before = h.sender.sent.length;
    assert.equal(h.layer.receiveRequest(req({ method: 'ACK', toTag: 'x', cseqMethod: 'ACK' })), tx);
    assert.equal(tx.state, S.Confirmed);
    assert.equal(h.layer.receiveRequest(req({ method: 'ACK', toTag: 'x', cseqMethod: 'ACK' })), tx, 'more ACKs absorbed');
    h.clock.advance(4990);
    assert.equal(h.sender.sent.length, before, 'no retransmission after the ACK');
    assert.equal(tx.state, S.Confirmed);
    h.clock.advance(20);
    assert.equal(tx.state, S.Terminated, 'Timer I = T4');
    assert.equal(h.layer.serverCount, 0);
  });

  it('Timer H: no ACK in 64*T1 ends it and tells the TU', () => {
    const h = harness();
    const tu = new ServerTu();
    const invite = req();
    const tx = serve(h, invite, info(), tu);
    tx.respond(createResponse(invite, 486, 'Busy Here', { toTag: 'x' }));
    h.clock.advance(32_000);
    assert.equal(tx.state, S.Terminated);
    assert.equal(tu.timeouts, 1);
    assert.equal(tu.terminated, 1);
  });

  it('on a reliable transport: no Timer G and Timer I is zero', () => {
    const h = harness();
    const invite = req();
    const tx = serve(h, invite, info('tcp'));
    tx.respond(createResponse(invite, 486, 'Busy Here', { toTag: 'x' }));
    h.clock.advance(10_000);
    assert.equal(h.sender.times('SIP/2.0 486').length, 1);
    assert.equal(h.sender.sent[0]?.dest.connectionId, 'c1', 'over the connection the INVITE came on');
    h.layer.receiveRequest(req({ method: 'ACK', toTag: 'x', cseqMethod: 'ACK' }));
    assert.equal(tx.state, S.Terminated);
  });

  it('after a 2xx: Accepted, INVITE retransmissions absorbed silently, more 2xx allowed, Timer L ends it', () => {
    const h = harness();
    const invite = req();
    const tx = serve(h, invite);
    assert.ok(tx.respond(createResponse(invite, 200, 'OK', { toTag: 'x' })));
    assert.equal(tx.state, S.Accepted);
    h.layer.receiveRequest(req());
    assert.equal(h.sender.sent.length, 1, 'the transaction does not retransmit 2xx');
    assert.ok(tx.respond(createResponse(invite, 200, 'OK', { toTag: 'y' })), 'a forked 2xx goes through');
    assert.equal(tx.respond(createResponse(invite, 486, 'Busy Here')), false);
    assert.equal(h.layer.receiveRequest(req({ method: 'ACK', toTag: 'x', cseqMethod: 'ACK' })), null, 'an ACK in Accepted belongs to the TU');
    h.clock.advance(32_000);
    assert.equal(tx.state, S.Terminated);
  });
});

describe('NonInviteServerTransaction (RFC 3261 §17.2.2)', () => {
  it('discards retransmissions in Trying, resends the provisional in Proceeding and the final in Completed; Timer J', () => {
    const h = harness();
    const r = req({ method: 'REGISTER' });
    const tx = serve(h, r);
    assert.ok(tx instanceof NonInviteServerTransaction);
    assert.equal(tx.state, S.Trying);
    h.layer.receiveRequest(req({ method: 'REGISTER' }));
    assert.equal(h.sender.sent.length, 0);
    tx.respond(createResponse(r, 100, 'Trying'));
    assert.equal(tx.state, S.Proceeding);
    h.layer.receiveRequest(req({ method: 'REGISTER' }));
    assert.deepEqual(h.sender.sent.map((s) => s.firstLine), ['SIP/2.0 100 Trying', 'SIP/2.0 100 Trying']);
    tx.respond(createResponse(r, 200, 'OK', { toTag: 'x' }));
    assert.equal(tx.state, S.Completed);
    h.layer.receiveRequest(req({ method: 'REGISTER' }));
    assert.equal(h.sender.sent.at(-1)?.firstLine, 'SIP/2.0 200 OK');
    assert.equal(tx.respond(createResponse(r, 500, 'Oops')), false, 'later finals are discarded');
    h.clock.advance(31_990);
    assert.equal(tx.state, S.Completed);
    h.clock.advance(20);
    assert.equal(tx.state, S.Terminated, 'Timer J = 64*T1 on UDP');
  });

  it('Timer J is zero on a reliable transport', () => {
    const h = harness();
    const r = req({ method: 'BYE' });
    const tx = serve(h, r, info('tcp'));
    tx.respond(createResponse(r, 200, 'OK'));
    assert.equal(tx.state, S.Terminated);
  });

  it('rejects an edge its table does not have', () => {
    const h = harness();
    class Probe extends NonInviteServerTransaction {
      force(to: TransactionState): void {
        this.transition(to);
      }
    }
    const r = req({ method: 'OPTIONS' });
    const via = r.topVia;
    assert.ok(via !== null);
    const p = new Probe(r, info(), responseDestination(via, info()), 'z9hG4bKx', h.layer, h.layer.timersFor(false), false, new ServerTu());
    assert.throws(() => {
      p.force(S.Confirmed);
    }, (err: unknown) => err instanceof AppError && err.code === 'E_INTERNAL' && /Trying -> Confirmed/.test(err.message));
    assert.throws(() => {
      p.force(S.Accepted);
    }, AppError);
    p.force(S.Proceeding);
    assert.throws(() => {
      p.force(S.Trying);
    }, AppError);
    assert.deepEqual([...(NonInviteServerTransaction.TABLE.get(S.Completed) ?? [])], [S.Terminated]);
    assert.deepEqual([...(InviteServerTransaction.TABLE.get(S.Completed) ?? [])].sort(), [S.Confirmed, S.Terminated]);
  });
});

describe('request matching (RFC 3261 §17.2.3, §9.2)', () => {
  it('matches by branch, sent-by and method; ACK to its INVITE; CANCEL is its own transaction but finds the INVITE', () => {
    const h = harness();
    const tx = serve(h, req());
    assert.equal(h.layer.findServer(req()), tx);
    assert.equal(h.layer.findServer(req({ sentBy: '192.0.2.10:5070' })), undefined, 'other sent-by');
    assert.equal(h.layer.findServer(req({ sentBy: '192.0.2.10' })), undefined, 'a missing port is not 5060 for matching');
    assert.equal(h.layer.findServer(req({ branch: 'z9hG4bKother' })), undefined);
    assert.equal(h.layer.findServer(req({ method: 'ACK', cseqMethod: 'ACK', toTag: 'x' })), tx);
    const cancel = req({ method: 'CANCEL' });
    assert.equal(h.layer.findServer(cancel), undefined);
    assert.equal(h.layer.findInviteForCancel(cancel), tx);
    assert.equal(h.layer.findServer(req({ sentBy: 'PC33.example.com:5060' })), undefined);
    const named = serve(h, req({ sentBy: 'pc33.example.com:5060', branch: 'z9hG4bKnamed' }));
    assert.equal(h.layer.findServer(req({ sentBy: 'PC33.EXAMPLE.COM:5060', branch: 'z9hG4bKnamed' })), named, 'host compared without case');
  });

  it('falls back to RFC 2543 matching without the magic cookie', () => {
    const h = harness();
    const old = req({ branch: '' });
    const tx = serve(h, old);
    assert.equal(h.layer.findServer(req({ branch: '' })), tx, 'same Request-URI, tags, Call-ID, CSeq and top Via');
    assert.equal(h.layer.findServer(req({ branch: '', cseq: 2 })), undefined);
    assert.equal(h.layer.findInviteForCancel(req({ branch: '', method: 'CANCEL' })), tx);
    tx.respond(createResponse(old, 486, 'Busy Here', { toTag: 'abc' }));
    assert.equal(h.layer.findServer(req({ branch: '', method: 'ACK', cseqMethod: 'ACK', toTag: 'abc' })), tx, 'ACK with the To tag of our response');
    assert.equal(h.layer.findServer(req({ branch: '', method: 'ACK', cseqMethod: 'ACK', toTag: 'zzz' })), undefined);
    assert.equal(h.layer.receiveRequest(req({ branch: '', method: 'ACK', cseqMethod: 'ACK', toTag: 'abc' })), tx);
    assert.equal(tx.state, TransactionState.Confirmed);
    h.clock.advance(6000);
    assert.equal(h.layer.serverCount, 0, 'legacy keys are dropped with the transaction');
  });
});
