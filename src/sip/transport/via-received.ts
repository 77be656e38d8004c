import type { SipRequest } from '../sip-request.js';
import type { ReceiveInfo } from '../transport-types.js';
import type { Via } from '../via.js';
import { isReliable } from './transport.js';

function bareHost(host: string): string {
  return host.charCodeAt(0) === 0x5b ? host.slice(1, -1) : host;
}

/**
 * What RFC 3261 §18.2.1 and RFC 3581 §4 ask a server to add to the top Via of a request it
 * received: `received` when the sent-by host is not the source address (or the Via already
 * carries `received` or `rport`, as Kamailio does), and `rport=<source port>` when the client
 * asked with an empty `rport`, when `forceRport` (Kamailio `force_rport()`), or when the request
 * came over a stream, so that a response forwarded statelessly finds the same connection.
 * Returns null when nothing needs adding.
 */
export function viaWithReceived(via: Via, info: ReceiveInfo, forceRport = false): string | null {
  const src = info.src;
  const wantRport = via.hasRport || forceRport || isReliable(info.proto);
  const wantReceived = bareHost(via.host).toLowerCase() !== src.address.toLowerCase() || via.hasRport || via.received !== null;
  if ((!wantReceived || via.received === src.address) && (!wantRport || via.rport === src.port)) return null;
  let out = `${via.protocol}/${via.version}/${via.transport} ${via.host}${via.port === null ? '' : `:${String(via.port)}`}`;
  let haveRport = false;
  let haveReceived = false;
  for (const [name, value] of via.params) {
    if (name === 'rport' && wantRport) {
      out += `;rport=${String(src.port)}`;
      haveRport = true;
    } else if (name === 'received' && wantReceived) {
      out += `;received=${src.address}`;
      haveReceived = true;
    } else {
      out += value === null ? `;${name}` : `;${name}=${value}`;
    }
  }
  if (wantReceived && !haveReceived) out += `;received=${src.address}`;
  if (wantRport && !haveRport) out += `;rport=${String(src.port)}`;
  return out;
}

/**
 * Adds `received`/`rport` to the top Via of a received request, in place (see
 * `viaWithReceived`). Returns whether the message changed. The via-parm is rewritten from its
 * parsed parts: parameter names come out in lower case.
 */
export function addReceivedParams(req: SipRequest, info: ReceiveInfo, forceRport = false): boolean {
  const via = req.topVia;
  if (via === null) return false;
  const value = viaWithReceived(via, info, forceRport);
  if (value === null) return false;
  req.removeTopVia();
  req.prependHeader('Via', value);
  return true;
}
