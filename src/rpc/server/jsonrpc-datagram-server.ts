/**
 * JSON-RPC over a unix datagram socket or UDP (jsonrpcs `dgram_socket`, what kamcli's "socket"
 * transport uses): one datagram is one request, whitespace around it ignored, the reply is one
 * datagram to the sender's address (PROTOCOLS.md §3.7). Unparsable JSON gets no reply, as
 * from jsonrpcs, and is counted as a protocol error and a drop; a reply too big for one
 * datagram is replaced by a 500 error. Sockets, limits and drops are datagram-rpc-server.ts's.
 */
import { formatJsonRpcResponse, MAX_DATAGRAM_REQUEST_BYTES } from '../jsonrpc/codec.js';
import { DatagramRpcServer, type DatagramRpcServerOptions } from './datagram-rpc-server.js';
import { INTERNAL_ERROR_TEXT, type RpcOrigin } from './dispatcher.js';
import { answerJsonRpc } from './jsonrpc-answer.js';
import { DEFAULT_LIMITS } from './limits.js';

export interface JsonRpcDatagramServerOptions extends DatagramRpcServerOptions {
  /** jsonrpcs `pretty_format`; default true. */
  readonly pretty?: boolean;
}

export class JsonRpcDatagramServer extends DatagramRpcServer {
  readonly #pretty: boolean;

  constructor(options: JsonRpcDatagramServerOptions) {
    super(options, {
      protocol: 'jsonrpc',
      label: 'JSON-RPC',
      schemes: { unix: 'jsonunixd', udp: 'jsonudp' },
      defaultLimits: { ...DEFAULT_LIMITS, maxRequestBytes: MAX_DATAGRAM_REQUEST_BYTES },
    });
    this.#pretty = options.pretty ?? true;
  }

  protected override async answer(bytes: Buffer, origin: RpcOrigin, maxReplyBytes: number): Promise<Buffer | undefined> {
    const pretty = this.#pretty;
    const answer = await answerJsonRpc(this.dispatcher, bytes, origin, { pretty, maxRequestBytes: this.limits.maxRequestBytes });
    if (answer.kind === 'unparsable') {
      this.stats.protocolErrors++;
      this.stats.dropped++;
      this.logger.debug({ listener: this.url, why: answer.why }, 'JSON-RPC datagram not answered');
      return undefined;
    }
    const reply = Buffer.from(answer.text, 'utf8');
    if (reply.length <= maxReplyBytes) return reply;
    return Buffer.from(formatJsonRpcResponse({ id: answer.id, error: { code: 500, message: `${INTERNAL_ERROR_TEXT}: reply of ${reply.length} bytes does not fit in a datagram` } }, pretty), 'utf8');
  }
}
