import type { RpcParam, RpcValue } from '../rpc-value.js';
import { DatagramRpcClient, type DatagramRequest, type DatagramRpcClientOptions } from '../transport/datagram-rpc-client.js';
import { decodePacket, encodeRequest } from './codec.js';
import { CookieSequence } from './cookie.js';
import type { BinrpcPacket } from './record.js';
import { replyResult } from './reply.js';
import { valueToRecord } from './values.js';

export type BinrpcDatagramClientOptions = DatagramRpcClientOptions;

/**
 * BINRPC over UDP or a unix datagram socket: one packet per datagram each way, replies matched
 * by cookie.
 */
export class BinrpcDatagramClient extends DatagramRpcClient<BinrpcPacket> {
  readonly #cookies = new CookieSequence();

  protected override request(method: string, params: readonly RpcParam[]): DatagramRequest {
    const cookie = this.#cookies.next();
    return { key: cookie, datagram: encodeRequest(cookie, method, params.map((param) => valueToRecord(param))) };
  }

  protected override decode(datagram: Buffer, maxReplyBytes: number | undefined): BinrpcPacket {
    return decodePacket(datagram, maxReplyBytes === undefined ? {} : { maxBodyLength: maxReplyBytes });
  }

  protected override keyOf(packet: BinrpcPacket): number {
    return packet.header.cookie;
  }

  protected override result(method: string, packet: BinrpcPacket, returns: 'value' | 'list'): RpcValue {
    return replyResult(method, packet, returns);
  }
}
