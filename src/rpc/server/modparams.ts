/**
 * The `ctl` and `jsonrpcs` modparams of a routing script, mapped to an RpcServerSetConfig with
 * the modules' defaults:
 *
 * | modparam | becomes |
 * | --- | --- |
 * | ctl `binrpc` (repeatable) | `binrpc[]`; default `unix:<runDir>/<base>_ctl`; forms as the ctl module parses them |
 * | ctl `mode` / `user` / `group` | `binrpcAccess` (mode default 0660, stricter than nothing, looser than ctl's 0600 so the group can use it) |
 * | ctl `binrpc_max_body_size` (KiB) | `binrpcLimits.maxReplyBytes` (default: ours, 256 MiB, not ctl's 32 KiB) |
 * | ctl `binrpc_buffer_size`, `binrpc_struct_max_body_size`, `autoconversion` | accepted and checked; no effect (our handlers return data, no printf buffer or per-struct buffer exists) |
 * | ctl `fifo` (the old SER text FIFO protocol) | refused with E_USAGE |
 * | jsonrpcs `transport` | bit mask 1 HTTP, 2 FIFO, 4 datagram, 0 all that are configured; default 6 |
 * | jsonrpcs `fifo_name` / `fifo_mode` / `fifo_group` / `fifo_user` / `fifo_reply_dir` | `jsonrpc.fifo` (default `<runDir>/<base>_rpc.fifo`, 0660, `/tmp/`); relative names are in runDir |
 * | jsonrpcs `dgram_socket` / `dgram_mode` / `dgram_group` / `dgram_user` | `jsonrpc.datagram`; a path (default `<runDir>/<base>_rpc.sock`) or `udp:host:port` |
 * | jsonrpcs `pretty_format` | `jsonrpc.pretty` |
 * | jsonrpcs `dgram_workers`, `dgram_timeout` | accepted; no effect (one event loop serves the socket) |
 * | jsonrpcs `http_listen` (sipd's own: `[host:]port`, host default 127.0.0.1), `http_path` (default `/RPC`) | `jsonrpc.http`; Kamailio serves HTTP through xhttp on SIP listeners instead |
 */
import path from 'node:path';
import { AppError } from '../../errors.js';
import { BINRPC_DEFAULT_PORT } from '../ctl-url.js';
import type { DatagramAddress } from './datagram-endpoint.js';
import type { BinrpcListen, RpcServerSetConfig } from './rpc-server-set.js';
import { DEFAULT_SOCKET_MODE, type SocketFileAccess } from './socket-file.js';

/** Modparam values by name; a repeated modparam is an array of its values in script order. */
export type ModuleParams = Readonly<Record<string, unknown>>;

export interface ModparamContext {
  /** The runtime directory (`-Y`, RUNDIR). */
  readonly runDir: string;
  /** File name prefix of the default sockets: `<base>_ctl`, `<base>_rpc.fifo`, `<base>_rpc.sock`. Default `sipd`. */
  readonly baseName?: string;
}

export const JSONRPC_TRANSPORT = { http: 1, fifo: 2, datagram: 4 } as const;
const DEFAULT_JSONRPC_TRANSPORT = JSONRPC_TRANSPORT.fifo | JSONRPC_TRANSPORT.datagram;

/**
 * Only modules that are loaded contribute: pass `undefined` for a module that the script does
 * not `loadmodule`.
 */
export function rpcServerConfigFromModparams(ctl: ModuleParams | undefined, jsonrpcs: ModuleParams | undefined, context: ModparamContext): RpcServerSetConfig {
  const base = context.baseName ?? 'sipd';
  const config: { -readonly [K in keyof RpcServerSetConfig]: RpcServerSetConfig[K] } = {};
  if (ctl !== undefined) {
    checkKnown('ctl', ctl, ['binrpc', 'mode', 'user', 'group', 'binrpc_buffer_size', 'binrpc_max_body_size', 'binrpc_struct_max_body_size', 'autoconversion', 'fifo']);
    if (ctl.fifo !== undefined) throw new AppError('E_USAGE', 'modparam ctl "fifo" (the old text FIFO protocol) is not supported; use jsonrpcs fifo_name');
    const specs = strings('ctl', 'binrpc', ctl.binrpc);
    config.binrpc = (specs.length > 0 ? specs : [`unix:${path.join(context.runDir, `${base}_ctl`)}`]).map((spec) => parseBinrpcListen(spec, context.runDir));
    config.binrpcAccess = access('ctl', ctl, 'mode', 'user', 'group');
    for (const name of ['binrpc_buffer_size', 'binrpc_struct_max_body_size', 'autoconversion']) integer('ctl', name, ctl[name]);
    const maxBody = integer('ctl', 'binrpc_max_body_size', ctl.binrpc_max_body_size);
    if (maxBody !== undefined) {
      if (maxBody <= 0) throw new AppError('E_USAGE', 'modparam ctl "binrpc_max_body_size" must be a positive number of KiB');
      config.binrpcLimits = { maxReplyBytes: maxBody * 1024 };
    }
  }
  if (jsonrpcs !== undefined) {
    checkKnown('jsonrpcs', jsonrpcs, [
      'pretty_format',
      'transport',
      'fifo_name',
      'fifo_mode',
      'fifo_group',
      'fifo_user',
      'fifo_reply_dir',
      'dgram_socket',
      'dgram_workers',
      'dgram_mode',
      'dgram_group',
      'dgram_user',
      'dgram_timeout',
      'http_listen',
      'http_path',
    ]);
    integer('jsonrpcs', 'dgram_workers', jsonrpcs.dgram_workers);
    integer('jsonrpcs', 'dgram_timeout', jsonrpcs.dgram_timeout);
    const transport = integer('jsonrpcs', 'transport', jsonrpcs.transport) ?? DEFAULT_JSONRPC_TRANSPORT;
    if (transport < 0 || transport > 7) throw new AppError('E_USAGE', 'modparam jsonrpcs "transport" must be 0..7 (1 HTTP, 2 FIFO, 4 datagram)');
    const wants = (bit: number): boolean => transport === 0 || (transport & bit) !== 0;
    const pretty = integer('jsonrpcs', 'pretty_format', jsonrpcs.pretty_format);
    const httpListen = single('jsonrpcs', 'http_listen', jsonrpcs.http_listen);
    const httpPath = single('jsonrpcs', 'http_path', jsonrpcs.http_path);
    const json: { -readonly [K in keyof NonNullable<RpcServerSetConfig['jsonrpc']>]: NonNullable<RpcServerSetConfig['jsonrpc']>[K] } = { pretty: pretty === undefined ? true : pretty !== 0 };
    if (wants(JSONRPC_TRANSPORT.fifo)) {
      const name = single('jsonrpcs', 'fifo_name', jsonrpcs.fifo_name) ?? `${base}_rpc.fifo`;
      const replyDir = single('jsonrpcs', 'fifo_reply_dir', jsonrpcs.fifo_reply_dir);
      json.fifo = { path: path.resolve(context.runDir, name), access: access('jsonrpcs', jsonrpcs, 'fifo_mode', 'fifo_user', 'fifo_group'), ...(replyDir === undefined ? {} : { replyDir }) };
    }
    if (wants(JSONRPC_TRANSPORT.datagram)) {
      const socket = single('jsonrpcs', 'dgram_socket', jsonrpcs.dgram_socket) ?? `${base}_rpc.sock`;
      json.datagram = { address: parseDgramSocket(socket, context.runDir), access: access('jsonrpcs', jsonrpcs, 'dgram_mode', 'dgram_user', 'dgram_group') };
    }
    if (wants(JSONRPC_TRANSPORT.http) && httpListen !== undefined) {
      const { host, port } = hostPort(httpListen, '127.0.0.1', undefined, `jsonrpcs "http_listen" ${httpListen}`);
      json.http = { host, port, paths: [httpPath ?? '/RPC'] };
    } else if (transport === JSONRPC_TRANSPORT.http) {
      throw new AppError('E_USAGE', 'modparam jsonrpcs "transport" 1 (HTTP) needs "http_listen"');
    }
    config.jsonrpc = json;
  }
  return config;
}

/** A ctl `binrpc` value, parsed as the ctl module does (PROTOCOLS.md §2.1). */
export function parseBinrpcListen(spec: string, runDir: string): BinrpcListen {
  const text = spec.trim();
  const match = /^([a-z]+):(.*)$/i.exec(text);
  const proto = match?.[1]?.toLowerCase();
  const rest = match?.[2] ?? text;
  const where = `ctl "binrpc" ${spec}`;
  switch (proto) {
    case 'unix':
    case 'unixs':
      return { transport: 'unix-stream', path: unixPath(rest, runDir, where) };
    case 'unixd':
      return { transport: 'unix-dgram', path: unixPath(rest, runDir, where) };
    case 'tcp':
    case 'udp':
      return { transport: proto, ...hostPort(rest, '0.0.0.0', BINRPC_DEFAULT_PORT, where) };
    case undefined:
      if (text.includes('/')) return { transport: 'unix-stream', path: unixPath(text, runDir, where) };
      return { transport: 'udp', ...hostPort(text, '0.0.0.0', BINRPC_DEFAULT_PORT, where) };
    default:
      // "localhost:3000": no protocol, a host and a port.
      if (/^\d+$/.test(rest)) return { transport: 'udp', ...hostPort(text, '0.0.0.0', BINRPC_DEFAULT_PORT, where) };
      throw new AppError('E_USAGE', `modparam ${where}: unknown protocol ${proto}; use unix:, unixd:, tcp: or udp:`);
  }
}

/** jsonrpcs `dgram_socket`: `udp:host:port` or a unix socket path (relative to runDir). */
export function parseDgramSocket(spec: string, runDir: string): DatagramAddress {
  const where = `jsonrpcs "dgram_socket" ${spec}`;
  if (/^udp:/i.test(spec)) {
    const { host, port } = hostPort(spec.slice(4), '0.0.0.0', undefined, where);
    if (port < 1024) throw new AppError('E_USAGE', `modparam ${where}: the port must be 1024..65535`);
    return { host, port };
  }
  return { path: unixPath(spec, runDir, where) };
}

function unixPath(text: string, runDir: string, where: string): string {
  if (text === '') throw new AppError('E_USAGE', `modparam ${where}: the socket path is empty`);
  const resolved = path.resolve(runDir, text);
  if (Buffer.byteLength(resolved) > 107) throw new AppError('E_USAGE', `modparam ${where}: the socket path is longer than 107 bytes`);
  return resolved;
}

/** `host:port`, `[v6]:port`, `port` alone, `*` for any address; the default port when none is given. */
function hostPort(text: string, anyHost: string, defaultPort: number | undefined, where: string): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (v6 !== null) {
    host = v6[1] ?? '';
    portText = v6[2];
  } else if (/^\d+$/.test(text)) {
    host = '';
    portText = text;
  } else {
    const colon = text.lastIndexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  if (host === '' || host === '*') host = anyHost;
  const port = portText === undefined || portText === '' ? defaultPort : Number(portText);
  if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('E_USAGE', `modparam ${where}: a port 0..65535 is needed`);
  return { host, port };
}

function access(module: string, params: ModuleParams, modeName: string, userName: string, groupName: string): SocketFileAccess {
  const mode = integer(module, modeName, params[modeName]) ?? DEFAULT_SOCKET_MODE;
  if (mode < 0 || mode > 0o777) throw new AppError('E_USAGE', `modparam ${module} "${modeName}" must be a file mode such as 0660`);
  const user = idValue(module, userName, params[userName]);
  const group = idValue(module, groupName, params[groupName]);
  return { mode, ...(user === undefined ? {} : { user }), ...(group === undefined ? {} : { group }) };
}

function idValue(module: string, name: string, value: unknown): string | number | undefined {
  const last = lastOf(value);
  if (last === undefined) return undefined;
  if (typeof last === 'number' && Number.isInteger(last) && last >= 0) return last;
  if (typeof last === 'string' && last !== '') return last;
  throw new AppError('E_USAGE', `modparam ${module} "${name}" must be a name or a numeric id`);
}

/** An int modparam: a number, or a string in C notation (`0660` octal, `0x1b0` hex, decimal). */
function integer(module: string, name: string, value: unknown): number | undefined {
  const last = lastOf(value);
  if (last === undefined) return undefined;
  if (typeof last === 'number' && Number.isInteger(last)) return last;
  if (typeof last === 'string') {
    const text = last.trim();
    if (/^0[0-7]+$/.test(text)) return parseInt(text, 8);
    if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
    if (/^-?\d+$/.test(text)) return Number(text);
  }
  throw new AppError('E_USAGE', `modparam ${module} "${name}" must be an integer`);
}

function single(module: string, name: string, value: unknown): string | undefined {
  const last = lastOf(value);
  if (last === undefined) return undefined;
  if (typeof last === 'string') return last;
  throw new AppError('E_USAGE', `modparam ${module} "${name}" must be a string`);
}

function strings(module: string, name: string, value: unknown): string[] {
  if (value === undefined) return [];
  const values: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.map((item) => {
    if (typeof item !== 'string') throw new AppError('E_USAGE', `modparam ${module} "${name}" must be a string`);
    return item;
  });
}

/** A repeated single-valued modparam: the last setting wins, as in Kamailio. */
function lastOf(value: unknown): unknown {
  if (Array.isArray(value)) return (value as unknown[]).at(-1);
  return value;
}

function checkKnown(module: string, params: ModuleParams, known: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!known.includes(name)) throw new AppError('E_USAGE', `modparam ${module} "${name}" is not a parameter of ${module}`);
  }
}
