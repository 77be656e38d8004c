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
import { formatCtlUrl, parseCtlUrl, type CtlUrl } from './ctl-url.js';
import type { RpcParam, RpcValue } from './rpc-value.js';

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
  // Only the transport in use is loaded (a command makes one or two calls; start-up counts).
  let real: Promise<RpcClient> | undefined;
  const client = (): Promise<RpcClient> => (real ??= loadClient(parsed, name, options));
  return {
    url: name,
    call: async (method, params, callOptions) => (await client()).call(method, params, callOptions),
    close: async () => {
      if (real !== undefined) await (await real).close();
    },
  };
}

async function loadClient(parsed: CtlUrl, name: string, options: RpcClientOptions): Promise<RpcClient> {
  const common = { name, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxReplyBytes: options.maxReplyBytes };
  const socketDir = options.replyDir ?? os.tmpdir();
  switch (parsed.protocol) {
    case 'binrpc':
      switch (parsed.transport) {
        case 'unix-stream': {
          const { BinrpcStreamClient } = await import('./binrpc/stream-client.js');
          return new BinrpcStreamClient({ ...common, connect: { path: parsed.path } });
        }
        case 'tcp': {
          const { BinrpcStreamClient } = await import('./binrpc/stream-client.js');
          return new BinrpcStreamClient({ ...common, connect: { host: parsed.host, port: parsed.port } });
        }
        case 'unix-dgram': {
          const [{ BinrpcDatagramClient }, { UnixDatagramChannel }] = await Promise.all([import('./binrpc/datagram-client.js'), import('./transport/unix-datagram-channel.js')]);
          return new BinrpcDatagramClient({ ...common, channel: () => UnixDatagramChannel.open(parsed.path, socketDir) });
        }
        case 'udp': {
          const [{ BinrpcDatagramClient }, { UdpChannel }] = await Promise.all([import('./binrpc/datagram-client.js'), import('./transport/udp-channel.js')]);
          return new BinrpcDatagramClient({ ...common, channel: () => UdpChannel.open(parsed.host, parsed.port) });
        }
      }
      break;
    case 'jsonrpc':
      switch (parsed.transport) {
        case 'fifo': {
          const { JsonRpcFifoClient } = await import('./jsonrpc/fifo-client.js');
          return new JsonRpcFifoClient({ ...common, path: parsed.path, replyDir: options.replyDir ?? '/tmp' });
        }
        case 'http': {
          const { JsonRpcHttpClient } = await import('./jsonrpc/http-client.js');
          return new JsonRpcHttpClient({ ...common, url: parsed.url });
        }
        case 'unix-dgram': {
          const [{ JsonRpcDatagramClient }, { UnixDatagramChannel }] = await Promise.all([import('./jsonrpc/datagram-client.js'), import('./transport/unix-datagram-channel.js')]);
          return new JsonRpcDatagramClient({ ...common, channel: () => UnixDatagramChannel.open(parsed.path, socketDir) });
        }
        case 'udp': {
          const [{ JsonRpcDatagramClient }, { UdpChannel }] = await Promise.all([import('./jsonrpc/datagram-client.js'), import('./transport/udp-channel.js')]);
          return new JsonRpcDatagramClient({ ...common, channel: () => UdpChannel.open(parsed.host, parsed.port) });
        }
      }
  }
}
