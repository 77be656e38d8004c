/**
 * Control socket addresses. The BINRPC forms are the ones the ctl module and kamcmd accept
 * (PROTOCOLS.md §2.1); the JSON-RPC forms name the jsonrpcs transports:
 *
 * | URL                          | protocol | transport                                  |
 * | ---------------------------- | -------- | ------------------------------------------ |
 * | `unix:/path`, `unixs:/path`, `/path` | BINRPC | unix stream socket (ctl `binrpc` "unix:") |
 * | `unixd:/path`                | BINRPC   | unix datagram socket                       |
 * | `tcp:host[:port]`            | BINRPC   | TCP, default port 2049                     |
 * | `udp:host[:port]`            | BINRPC   | UDP, default port 2049                     |
 * | `fifo:/path`                 | JSON-RPC | jsonrpcs FIFO with a private reply FIFO    |
 * | `jsonunixd:/path`            | JSON-RPC | jsonrpcs `dgram_socket` on a unix path     |
 * | `jsonudp:host:port`          | JSON-RPC | jsonrpcs `dgram_socket` "udp:host:port"    |
 * | `http://host:port/RPC`, `https://…` | JSON-RPC | HTTP POST via xhttp (path defaults to /RPC) |
 *
 * jsonrpcs' datagram socket gets its own schemes because the same path forms mean BINRPC for the
 * ctl module. Scheme names are case-insensitive, as in Kamailio. IPv6 hosts go in brackets.
 */
import { AppError } from '../errors.js';

export type CtlUrl =
  | { readonly protocol: 'binrpc'; readonly transport: 'unix-stream' | 'unix-dgram'; readonly path: string }
  | { readonly protocol: 'binrpc'; readonly transport: 'tcp' | 'udp'; readonly host: string; readonly port: number }
  | { readonly protocol: 'jsonrpc'; readonly transport: 'fifo' | 'unix-dgram'; readonly path: string }
  | { readonly protocol: 'jsonrpc'; readonly transport: 'udp'; readonly host: string; readonly port: number }
  | { readonly protocol: 'jsonrpc'; readonly transport: 'http'; readonly url: string };

/** The ctl module's default TCP/UDP port. */
export const BINRPC_DEFAULT_PORT = 2049;
/** sun_path holds 108 bytes including the terminating NUL. */
const MAX_UNIX_PATH_BYTES = 107;

export const CTL_URL_FORMS = 'unix:/path, unixd:/path, tcp:host[:port], udp:host[:port], fifo:/path, jsonunixd:/path, jsonudp:host:port, http://host:port/RPC';

function invalid(text: string, why: string): AppError {
  return new AppError('E_USAGE', `Invalid control socket URL "${text}": ${why}. Use one of: ${CTL_URL_FORMS}.`);
}

export function parseCtlUrl(text: string): CtlUrl {
  const trimmed = text.trim();
  if (trimmed === '') throw invalid(text, 'it is empty');
  if (trimmed.includes('\0')) throw invalid(text, 'it contains a NUL byte');
  if (trimmed.startsWith('/')) return { protocol: 'binrpc', transport: 'unix-stream', path: unixPath(text, trimmed, true) };
  const colon = trimmed.indexOf(':');
  if (colon <= 0) throw invalid(text, 'there is no scheme (such as unix: or tcp:) and it is not an absolute path');
  const scheme = trimmed.slice(0, colon).toLowerCase();
  const rest = trimmed.slice(colon + 1);
  switch (scheme) {
    case 'unix':
    case 'unixs':
      return { protocol: 'binrpc', transport: 'unix-stream', path: unixPath(text, rest, true) };
    case 'unixd':
      return { protocol: 'binrpc', transport: 'unix-dgram', path: unixPath(text, rest, true) };
    case 'tcp':
    case 'udp':
      return { protocol: 'binrpc', transport: scheme, ...hostPort(text, rest, BINRPC_DEFAULT_PORT) };
    case 'fifo':
      return { protocol: 'jsonrpc', transport: 'fifo', path: unixPath(text, rest, false) };
    case 'jsonunixd':
      return { protocol: 'jsonrpc', transport: 'unix-dgram', path: unixPath(text, rest, true) };
    case 'jsonudp':
      return { protocol: 'jsonrpc', transport: 'udp', ...hostPort(text, rest, undefined) };
    case 'http':
    case 'https':
      return { protocol: 'jsonrpc', transport: 'http', url: httpUrl(text, trimmed) };
    default:
      throw invalid(text, `unknown scheme "${scheme}:"`);
  }
}

function unixPath(text: string, path: string, isSocket: boolean): string {
  if (path === '') throw invalid(text, 'the path is empty');
  if (path.startsWith('//') && !path.startsWith('///')) throw invalid(text, 'write a file path, not a //host form');
  if (isSocket && Buffer.byteLength(path) > MAX_UNIX_PATH_BYTES) throw invalid(text, `a unix socket path may have at most ${MAX_UNIX_PATH_BYTES} bytes`);
  return path;
}

function hostPort(text: string, rest: string, defaultPort: number | undefined): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw invalid(text, 'an IPv6 address in brackets is missing its ]');
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) throw invalid(text, 'only :port may follow the bracketed address');
    portText = after === '' ? undefined : after.slice(1);
    if (!/^[0-9a-fA-F:.]+$/.test(host) || !host.includes(':')) throw invalid(text, `"${host}" is not an IPv6 address`);
  } else {
    const parts = rest.split(':');
    if (parts.length > 2) throw invalid(text, 'put an IPv6 address in brackets: [::1]:2049');
    host = parts[0] ?? '';
    portText = parts[1];
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) throw invalid(text, host === '' ? 'the host is missing' : `"${host}" is not a host name or address`);
    if (/^\d+$/.test(host)) throw invalid(text, `"${host}" looks like a port; write host:port`);
  }
  if (portText === undefined) {
    if (defaultPort === undefined) throw invalid(text, 'the port is missing');
    return { host, port: defaultPort };
  }
  if (!/^\d{1,5}$/.test(portText)) throw invalid(text, `"${portText}" is not a port number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw invalid(text, `port ${port} is outside 1..65535`);
  return { host, port };
}

function httpUrl(text: string, trimmed: string): string {
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid(text, 'it is not a valid http(s) URL');
  }
  if (url.hostname === '') throw invalid(text, 'the host is missing');
  if (url.username !== '' || url.password !== '') throw invalid(text, 'credentials in the URL are not supported');
  if (url.hash !== '') throw invalid(text, 'a #fragment makes no sense here');
  // "http://host:port" with no path at all means the stock cfg's /RPC.
  const afterAuthority = trimmed.slice(trimmed.indexOf('//') + 2);
  if (!afterAuthority.includes('/')) url.pathname = '/RPC';
  return url.toString();
}

/** The URL in its canonical text form (for messages and logs). */
export function formatCtlUrl(url: CtlUrl): string {
  switch (url.transport) {
    case 'unix-stream':
      return `unix:${url.path}`;
    case 'unix-dgram':
      return `${url.protocol === 'binrpc' ? 'unixd' : 'jsonunixd'}:${url.path}`;
    case 'fifo':
      return `fifo:${url.path}`;
    case 'tcp':
    case 'udp': {
      const host = url.host.includes(':') ? `[${url.host}]` : url.host;
      return `${url.protocol === 'binrpc' ? url.transport : 'jsonudp'}:${host}:${url.port}`;
    }
    case 'http':
      return url.url;
  }
}
