import { createHash } from 'node:crypto';
import type { SipMessage } from '../sip-message.js';
import type { SipRequest } from '../sip-request.js';
import { MAGIC_COOKIE } from '../transaction/branch-id.js';

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

/** A listening socket, as far as the stateless To tag needs it. */
export interface TagSocket {
  readonly address: string;
  readonly port: number;
}

/**
 * The To tag of every stateless reply the server makes (the sl module's and the proxy core's
 * own: 503, 200 to a CANCEL, 483 …), `<32 hex>.<8 hex>` as Kamailio's sl module shapes it.
 * The part before the dot is an md5 of the first listening socket, the same for all stateless
 * replies of the server (sl recognises ACKs to its replies by it); the part after the dot is
 * from the top Via (sent-by, branch) and the Call-ID, so every retransmission of a request gets
 * the same tag. Not random, so not secret.
 */
export function statelessToTag(msg: SipMessage, sockets: readonly TagSocket[]): string {
  const l = sockets[0];
  const base = createHash('md5').update(`SIPD-stateless${l === undefined ? '' : `${l.address}${String(l.port)}`}`).digest('hex');
  const via = msg.topVia;
  const suffix = createHash('md5')
    .update(`${via?.host ?? ''}:${String(via?.port ?? '')}:${via?.branch ?? ''}:${msg.header('call-id') ?? ''}`)
    .digest('hex')
    .slice(0, 8);
  return `${base}.${suffix}`;
}
