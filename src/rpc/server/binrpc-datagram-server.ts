/**
 * BINRPC over UDP or a unix datagram socket (ctl `udp:` and `unixd:`): one datagram is one
 * packet, the reply or fault goes back to the sender's address (PROTOCOLS.md §2.1). A datagram
 * that is not one whole valid packet gets a `400 "bad request: …"` fault. Sockets, limits and
 * drops are datagram-rpc-server.ts's.
 */
import { BinrpcError } from '../binrpc/binrpc-error.js';
import { decodePacket, encodeFault } from '../binrpc/codec.js';
import type { BinrpcPacket } from '../binrpc/record.js';
import { answerPacket, protocolFault } from './binrpc-answer.js';
import { cookieOf } from './binrpc-stream-server.js';
import { DatagramRpcServer, type DatagramRpcServerOptions } from './datagram-rpc-server.js';
import { INTERNAL_ERROR_TEXT, type RpcOrigin } from './dispatcher.js';
import { DEFAULT_LIMITS } from './limits.js';

export type BinrpcDatagramServerOptions = DatagramRpcServerOptions;

export class BinrpcDatagramServer extends DatagramRpcServer {
  constructor(options: BinrpcDatagramServerOptions) {
    super(options, { protocol: 'binrpc', label: 'BINRPC', schemes: { unix: 'unixd', udp: 'udp' }, defaultLimits: DEFAULT_LIMITS });
  }

  protected override async answer(bytes: Buffer, origin: RpcOrigin, maxReplyBytes: number): Promise<Buffer> {
    let packet: BinrpcPacket;
    try {
      packet = decodePacket(bytes, { maxBodyLength: this.limits.maxRequestBytes });
    } catch (error) {
      this.stats.protocolErrors++;
      const cookie = cookieOf(bytes.subarray(0, 10));
      return error instanceof BinrpcError ? protocolFault(error, cookie) : encodeFault(cookie, 500, INTERNAL_ERROR_TEXT);
    }
    return answerPacket(this.dispatcher, packet, origin, maxReplyBytes);
  }
}
