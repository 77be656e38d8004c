/**
 * Destinations of the dispatcher table: a sip: or sips: URI naming a host, with an optional
 * port and transport, as the dispatcher module parses them when it loads the table. A row it
 * cannot parse makes Kamailio drop the whole set, so sipctl checks before writing.
 */
import { AppError } from '../../errors.js';
import { parseUri, type SipUri } from '../../sip/uri.js';
import { SipParseError } from '../../sip/sip-parse-error.js';

/** Transports the dispatcher accepts in `;transport=` (Kamailio's proto names). */
export const DISPATCHER_TRANSPORTS = ['udp', 'tcp', 'tls', 'sctp', 'ws', 'wss'] as const;
export type DispatcherTransport = (typeof DISPATCHER_TRANSPORTS)[number];

/** The dispatcher.destination column's width. */
export const DESTINATION_MAX_LENGTH = 192;

export interface DispatcherDestination {
  readonly uri: SipUri;
  readonly host: string;
  readonly port: number | null;
  readonly transport: DispatcherTransport | null;
}

function isTransport(t: string): t is DispatcherTransport {
  return (DISPATCHER_TRANSPORTS as readonly string[]).includes(t);
}

export function parseDispatcherDestination(text: string): DispatcherDestination {
  const bad = (why: string): AppError => new AppError('E_USAGE', `destination ${JSON.stringify(text)} ${why}`);
  if (text.length > DESTINATION_MAX_LENGTH) throw bad(`is longer than ${String(DESTINATION_MAX_LENGTH)} characters`);
  let uri;
  try {
    uri = parseUri(text);
  } catch (err) {
    if (err instanceof SipParseError) throw bad(`is not a SIP URI (${err.message}); write it as sip:host[:port][;transport=udp|tcp|tls|sctp|ws|wss]`);
    throw err;
  }
  if (uri.kind !== 'sip') throw bad('is not a sip: or sips: URI; write it as sip:host[:port][;transport=…]');
  if (uri.password !== null) throw bad('carries a password; the dispatcher does not use one');
  if (uri.headers.length > 0) throw bad('has URI headers (after "?"); the dispatcher cannot send them');
  if (uri.port === 0 || (uri.port !== null && uri.port > 65535)) throw bad(`has port ${String(uri.port)}; use 1–65535`);
  const t = uri.params.get('transport');
  let transport: DispatcherTransport | null = null;
  if (t !== undefined) {
    const lower = t?.toLowerCase() ?? '';
    if (!isTransport(lower)) throw bad(`has transport ${JSON.stringify(t ?? '')}; use one of ${DISPATCHER_TRANSPORTS.join(', ')}`);
    transport = lower;
  }
  return { uri, host: uri.host, port: uri.port, transport };
}
