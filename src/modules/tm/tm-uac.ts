/**
 * tm as a UAC: a request built from RPC parameters (`tm.t_uac_wait_block`, what `kamctl ping`
 * uses) sent in its own client transaction, waiting for the final reply. Kamailio's rules:
 * the headers must hold From and To; a From tag, Call-ID and CSeq are made when missing
 * (CSeq 10); the reply is `{code, text}`, a local 408 when nothing answers.
 */
import { randomBytes } from 'node:crypto';
import { parseMessage, parseUri, serializeMessage, SipParseError, type SipRequest, type SipResponse } from '../../sip/index.js';
import type { ProxyCore } from '../../sip/proxy/index.js';
import type { ClientTransaction, ClientTransactionUser } from '../../sip/transaction/index.js';
import { ResolveError, viaValue, type ResolvedTarget } from '../../sip/transport/index.js';
import type { DestInfo } from '../../sip/transport-types.js';

export interface UacRequest {
  readonly method: string;
  readonly ruri: string;
  /** `$du`-like next hop; empty or "." for none. */
  readonly nextHop: string;
  /** A listener id or `proto:ip:port`; empty or "." for any. */
  readonly socket: string;
  /** Header lines separated by CRLF (or LF). */
  readonly headers: string;
  readonly body: string;
}

export interface UacReply {
  readonly code: number;
  readonly text: string;
}

/** Why a UAC request was refused before sending: an RPC fault code and text. */
export class UacError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'UacError';
    this.code = code;
  }
}

const DEFAULT_CSEQ = 10;

function blank(s: string): boolean {
  return s === '' || s === '.';
}

/** Builds the request (without our Via); throws UacError for what Kamailio refuses with 400. */
export function buildUacRequest(r: UacRequest): SipRequest {
  if (!/^[A-Za-z]+$/.test(r.method)) throw new UacError(400, 'Empty method');
  try {
    parseUri(r.ruri);
  } catch {
    throw new UacError(400, `Invalid request uri "${r.ruri}"`);
  }
  if (!blank(r.nextHop)) {
    try {
      parseUri(r.nextHop);
    } catch {
      throw new UacError(400, `Invalid next-hop uri "${r.nextHop}"`);
    }
  }
  const lines = r.headers.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = lines.map((l) => l.slice(0, Math.max(0, l.indexOf(':'))).trim().toLowerCase());
  if (!names.some((n) => n === 'to' || n === 't')) throw new UacError(400, 'To missing');
  if (!names.some((n) => n === 'from' || n === 'f')) throw new UacError(400, 'From missing');
  if (r.body !== '' && !names.some((n) => n === 'content-type' || n === 'c')) throw new UacError(400, 'Content-Type missing');
  if (r.body !== '' && names.some((n) => n === 'content-length' || n === 'l')) throw new UacError(400, 'Content-Length disallowed');
  const extra: string[] = [];
  if (!names.some((n) => n === 'call-id' || n === 'i')) extra.push(`Call-ID: ${randomBytes(12).toString('hex')}@sipd`);
  if (!names.includes('cseq')) extra.push(`CSeq: ${String(DEFAULT_CSEQ)} ${r.method}`);
  if (!names.includes('max-forwards')) extra.push('Max-Forwards: 70');
  const body = Buffer.from(r.body, 'utf8');
  const text = `${r.method} ${r.ruri} SIP/2.0\r\n${[...lines, ...extra].join('\r\n')}\r\nContent-Length: ${String(body.length)}\r\n\r\n`;
  let req;
  try {
    req = parseMessage(Buffer.concat([Buffer.from(text, 'utf8'), body]));
  } catch (err) {
    if (err instanceof SipParseError) throw new UacError(400, 'Invalid headers');
    throw err;
  }
  if (req.kind !== 'request') throw new UacError(400, 'Invalid headers');
  let from;
  try {
    from = req.from;
    if (req.cseq !== null && req.cseq.method !== r.method) throw new UacError(400, 'CSeq method mismatch');
  } catch (err) {
    if (err instanceof SipParseError) throw new UacError(400, 'Error in From');
    throw err;
  }
  if (from !== null && from.tag === null) {
    const field = req.fields('from')[0];
    if (field !== undefined) req.replaceHeader(field.name, `${field.value};tag=${randomBytes(8).toString('hex')}`);
  }
  return req;
}

/** Sends `req` as a UAC through the proxy core's transaction layer; resolves with the final reply. */
export async function sendUacRequest(proxy: ProxyCore, req: SipRequest, nextHop: string, socket: string): Promise<UacReply> {
  let resolved: ResolvedTarget[] | null;
  let target;
  try {
    target = proxy.hostTargetOf(blank(nextHop) ? req.requestUriText : nextHop);
    resolved = proxy.resolver.resolveNow(target);
  } catch (err) {
    if (err instanceof SipParseError || err instanceof ResolveError) return { code: 478, text: 'Unresolvable destination' };
    throw err;
  }
  if (resolved === null) {
    try {
      resolved = await proxy.resolver.resolve(target);
    } catch {
      return { code: 478, text: 'Unresolvable destination' };
    }
  }
  const listenerId = blank(socket) ? undefined : socket;
  for (const t of resolved) {
    const transport = proxy.transports.select(t.proto, t.family, listenerId);
    if (transport === undefined) continue;
    const layer = proxy.layer;
    const branch = layer.newBranch();
    req.prependHeader('Via', viaValue(transport.listener, branch));
    const dest: DestInfo = { proto: t.proto, to: { address: t.address, port: t.port, family: t.family }, listenerId: transport.id };
    return new Promise<UacReply>((resolve) => {
      const user: ClientTransactionUser = {
        onResponse(_tx: ClientTransaction, res: SipResponse) {
          if (res.status >= 200) resolve({ code: res.status, text: res.reason });
        },
        onTimeout() {
          resolve({ code: 408, text: 'Request Timeout' });
        },
        onTransportError() {
          resolve({ code: 503, text: 'Service Unavailable' });
        },
      };
      const tx = layer.createClient(req, dest, branch, user);
      tx.start();
    });
  }
  return { code: 503, text: 'Service Unavailable' };
}

/** The request as text (for logs and tests). */
export function uacText(req: SipRequest): string {
  return serializeMessage(req).toString('utf8');
}
