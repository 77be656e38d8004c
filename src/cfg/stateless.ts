/**
 * Stateless message building shared by the core and the modules: a local reply to a request
 * (RFC 3261 §8.2.6, with `received`/`rport` on the top Via as RFC 3261 §18.2.1 and RFC 3581
 * say), where to send it, and a request forwarded statelessly with a new top Via.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { HeaderField, parseMessage, parseUri, serializeMessage, SipRequest, SipResponse, statelessToTag } from '../sip/index.js';
import type { DestInfo, Proto } from '../sip/transport-types.js';
import { responseDestination, viaWithReceived as transportViaWithReceived } from '../sip/transport/index.js';
import type { MessageContext } from './message-context.js';

function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The top via-parm with `received`/`rport` as RFC 3261 §18.2.1 and RFC 3581 ask (`raw` when nothing changes). */
export function viaWithReceived(ctx: MessageContext, raw: string): string {
  const via = ctx.msg.topVia;
  return via === null ? raw : (transportViaWithReceived(via, ctx.rcv, ctx.forceRport) ?? raw);
}

/** Where a local reply goes (RFC 3261 §18.2.2, RFC 3581). */
export function replyDestination(ctx: MessageContext): DestInfo {
  const via = ctx.msg.topVia;
  if (via !== null) return responseDestination(via, ctx.rcv, ctx.forceRport);
  const rcv = ctx.rcv;
  return { proto: rcv.proto, to: rcv.src, listenerId: rcv.listenerId, ...(rcv.connectionId === undefined ? {} : { connectionId: rcv.connectionId }) };
}

/**
 * A reply to the request of `ctx`: Via (top one with received/rport), From, To (with a tag
 * added for codes >= 180 when the request had none), Call-ID, CSeq, the reply headers queued
 * on the message, `extra` headers, Server, and the body.
 */
export function buildReply(
  ctx: MessageContext,
  status: number,
  reason: string,
  extra: readonly (readonly [string, string])[] = [],
  body?: { readonly type: string; readonly content: string },
  toTag?: string,
): SipResponse {
  const req = ctx.msg;
  const headers: HeaderField[] = [];
  let first = true;
  for (const h of req.fields('via')) {
    if (first) {
      const values = h.value.split(',');
      const top = values[0] ?? '';
      values[0] = viaWithReceived(ctx, top.trim());
      headers.push(HeaderField.create('Via', values.join(',')));
      first = false;
    } else {
      headers.push(HeaderField.create('Via', h.value));
    }
  }
  const from = req.header('from');
  if (from !== undefined) headers.push(HeaderField.create('From', from));
  let to = req.header('to');
  if (to !== undefined) {
    let hasTag = false;
    try {
      hasTag = req.to?.tag != null;
    } catch {
      hasTag = false;
    }
    if (!hasTag && status >= 180) to = `${to};tag=${toTag ?? statelessToTag(req, ctx.core.listeners())}`;
    headers.push(HeaderField.create('To', to));
  }
  const callId = req.header('call-id');
  if (callId !== undefined) headers.push(HeaderField.create('Call-ID', callId));
  const cseq = req.header('cseq');
  if (cseq !== undefined) headers.push(HeaderField.create('CSeq', cseq));
  for (const [n, v] of ctx.replyHeaders) headers.push(HeaderField.create(n, v));
  for (const [n, v] of extra) headers.push(HeaderField.create(n, v));
  const server = ctx.core.serverHeader;
  if (server !== null) headers.push(HeaderField.create('Server', server));
  if (body !== undefined) headers.push(HeaderField.create('Content-Type', body.type));
  headers.push(HeaderField.create('Content-Length', String(body === undefined ? 0 : Buffer.byteLength(body.content))));
  return SipResponse.create(status, reason, headers, body === undefined ? Buffer.alloc(0) : Buffer.from(body.content));
}

/** The next hop of a request: `$du` if set, else the Request-URI. Null when it is not an IP literal (no DNS here). */
export function nextHop(ctx: MessageContext, uriText: string): DestInfo | null {
  let u;
  try {
    u = parseUri(uriText);
  } catch {
    return null;
  }
  if (u.kind !== 'sip') return null;
  const host = bareHost(u.host);
  const family = isIP(host);
  if (family === 0) return null;
  const t = u.params.get('transport')?.toLowerCase();
  const proto: Proto = t === 'tcp' || t === 'tls' || t === 'ws' || t === 'wss' ? t : u.scheme === 'sips' ? 'tls' : 'udp';
  return {
    proto,
    to: { address: host, port: u.port ?? (proto === 'tls' ? 5061 : 5060), family: family === 6 ? 'IPv6' : 'IPv4' },
    ...(ctx.forceSocket === null ? {} : { listenerId: ctx.forceSocket }),
  };
}

/**
 * A copy of the request for stateless forwarding: received/rport on the old top Via and a new
 * top Via of ours whose branch is derived from the request (so retransmissions match).
 */
export function forwardCopy(ctx: MessageContext, proto: Proto): SipRequest {
  const req = ctx.msg;
  if (req.kind !== 'request') throw new Error('forwardCopy needs a request');
  const copy = parseMessage(serializeMessage(req));
  if (copy.kind !== 'request') throw new Error('forwardCopy: the copy is not a request');
  // Via fields go back at the top, in order, with the first value rewritten.
  const vias = copy.fields('via').map((h) => h.value);
  if (vias.length > 0) {
    const values = (vias[0] ?? '').split(',');
    values[0] = viaWithReceived(ctx, (values[0] ?? '').trim());
    vias[0] = values.join(',');
    copy.removeHeaders('via');
    for (let i = vias.length - 1; i >= 0; i--) copy.insertHeader('Via', vias[i] ?? '');
  }
  const l = ctx.core.listener(ctx.rcv) ?? ctx.core.listeners()[0];
  const host = l?.advertise?.host ?? l?.address ?? ctx.rcv.dst.address;
  const port = l?.advertise?.port ?? l?.port ?? ctx.rcv.dst.port;
  const branch = createHash('md5')
    .update(`${req.topVia?.branch ?? ''}:${req.header('call-id') ?? ''}:${req.header('cseq') ?? ''}:${req.requestUriText}`)
    .digest('hex');
  const hostText = isIP(host) === 6 ? `[${host}]` : host;
  copy.prependHeader('Via', `SIP/2.0/${proto.toUpperCase()} ${hostText}:${String(port)};branch=z9hG4bK${branch}`);
  return copy;
}

