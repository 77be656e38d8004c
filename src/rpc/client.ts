/**
 * One client interface over every control transport of Kamailio (and sipd). Pick the
 * implementation from a control URL (see ctl-url.ts):
 *
 * ```ts
 * const client = createRpcClient('unix:/run/kamailio/kamailio_ctl');
 * try { const up = await client.call('core.uptime', []); } finally { await client.close(); }
 * ```
 *
 * Every call has a deadline (connect + send + reply). Errors are AppErrors: E_RPC_CONNECT (socket
 * unreachable), E_RPC_TIMEOUT, E_RPC_PROTOCOL (reply not BINRPC/JSON-RPC), E_RPC_FAULT
 * ({@link RpcFaultError}, with the server's code and text).
 */
import os from 'node:os';
import { BinrpcDatagramClient } from './binrpc/datagram-client.js';
import { BinrpcStreamClient } from './binrpc/stream-client.js';
import { formatCtlUrl, parseCtlUrl, type CtlUrl } from './ctl-url.js';
import { JsonRpcDatagramClient } from './jsonrpc/datagram-client.js';
import { JsonRpcFifoClient } from './jsonrpc/fifo-client.js';
import { JsonRpcHttpClient } from './jsonrpc/http-client.js';
import type { RpcParam, RpcValue } from './rpc-value.js';
import { UdpChannel } from './transport/udp-channel.js';
import { UnixDatagramChannel } from './transport/unix-datagram-channel.js';

export interface CallOptions {
  /** Overrides the client's timeout for this call. */
  readonly timeoutMs?: number;
  /**
   * `'list'` when the method returns a list (Kamailio's RET_ARRAY methods such as
   * `system.listMethods`, `stats.get_statistics`, `core.psx`): the result is then always an
   * array, over BINRPC too where a one-element list is otherwise indistinguishable from a value.
   */
  readonly returns?: 'value' | 'list';
}

export interface RpcClient {
  /** The control URL in canonical form. */
  readonly url: string;
  call(method: string, params: readonly RpcParam[], options?: CallOptions): Promise<RpcValue>;
  /** Releases sockets and removes reply sockets/FIFOs. Pending calls fail with E_RPC_CONNECT. */
  close(): Promise<void>;
}

export interface RpcClientOptions {
  /** Deadline of each call in milliseconds. Default 5000. */
  readonly timeoutMs?: number;
  /**
   * Directory for the private reply FIFO (`fifo:`) or reply socket (`unixd:`, `jsonunixd:`).
   * For `fifo:` it must be the server's jsonrpcs `fifo_reply_dir` (Kamailio's default `/tmp`).
   * Default `/tmp` for FIFOs, the OS temp dir for sockets.
   */
  readonly replyDir?: string;
  /** Largest reply accepted, in bytes. Default 256 MiB (64 KiB on datagram transports by nature). */
  readonly maxReplyBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 5000;

export function createRpcClient(url: string | CtlUrl, options: RpcClientOptions = {}): RpcClient {
  const parsed = typeof url === 'string' ? parseCtlUrl(url) : url;
  const name = formatCtlUrl(parsed);
  const common = { name, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxReplyBytes: options.maxReplyBytes };
  const socketDir = options.replyDir ?? os.tmpdir();
  switch (parsed.protocol) {
    case 'binrpc':
      switch (parsed.transport) {
        case 'unix-stream':
          return new BinrpcStreamClient({ ...common, connect: { path: parsed.path } });
        case 'tcp':
          return new BinrpcStreamClient({ ...common, connect: { host: parsed.host, port: parsed.port } });
        case 'unix-dgram':
          return new BinrpcDatagramClient({ ...common, channel: () => UnixDatagramChannel.open(parsed.path, socketDir) });
        case 'udp':
          return new BinrpcDatagramClient({ ...common, channel: () => UdpChannel.open(parsed.host, parsed.port) });
      }
      break;
    case 'jsonrpc':
      switch (parsed.transport) {
        case 'fifo':
          return new JsonRpcFifoClient({ ...common, path: parsed.path, replyDir: options.replyDir ?? '/tmp' });
        case 'http':
          return new JsonRpcHttpClient({ ...common, url: parsed.url });
        case 'unix-dgram':
          return new JsonRpcDatagramClient({ ...common, channel: () => UnixDatagramChannel.open(parsed.path, socketDir) });
        case 'udp':
          return new JsonRpcDatagramClient({ ...common, channel: () => UdpChannel.open(parsed.host, parsed.port) });
      }
  }
}
