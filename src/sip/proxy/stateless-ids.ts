import { MAGIC_COOKIE } from '../transaction/branch-id.js';
import type { SipRequest } from '../sip-request.js';

/** 32-bit FNV-1a of a string's UTF-16 code units, from `seed`. */
function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/**
 * The branch of a request forwarded statelessly (RFC 3261 §16.11): the same for every
 * retransmission of the request, different for different requests and for spirals (the
 * outgoing Request-URI is part of it). With an RFC 3261 branch in the incoming top Via it is a
 * hash of that branch and sent-by; otherwise of the fields §16.11 lists for RFC 2543 requests
 * (To tag, From tag, Call-ID, CSeq number, top Via). Not random, so not secret: it names a
 * request, nothing more.
 */
export function statelessBranch(req: SipRequest, outgoingUri: string): string {
  const via = req.topVia;
  let basis: string;
  if (via?.branch?.startsWith(MAGIC_COOKIE) === true) {
    basis = `${via.branch}|${via.host}:${String(via.port ?? '')}|${req.method === 'ACK' ? 'ACK' : ''}|${outgoingUri}`;
  } else {
    basis = `${req.to?.tag ?? ''}|${req.from?.tag ?? ''}|${req.callId ?? ''}|${String(req.cseq?.seq ?? '')}|${req.method}|${via?.raw ?? ''}|${outgoingUri}`;
  }
  return `${MAGIC_COOKIE}sl${hex8(fnv1a(basis, 0x811c9dc5))}${hex8(fnv1a(basis, 0x050c5d1f))}`;
}

/**
 * The To tag of a stateless reply: the same for every retransmission of the request (so the
 * UAC sees one reply however often it asks), built from Call-ID, From tag and top Via.
 */
export function statelessToTag(req: SipRequest): string {
  const via = req.topVia;
  const basis = `${req.callId ?? ''}|${req.from?.tag ?? ''}|${via?.branch ?? ''}|${via?.host ?? ''}:${String(via?.port ?? '')}`;
  return `sl${hex8(fnv1a(basis, 0x811c9dc5))}${hex8(fnv1a(basis, 0x050c5d1f))}`;
}
