import { AppError } from '../../errors.js';
import { RpcFaultError } from '../rpc-fault.js';
import type { RpcValue } from '../rpc-value.js';
import { parseFault } from './codec.js';
import type { BinrpcPacket } from './record.js';
import { recordsToResult } from './values.js';

/** The result of a reply packet, or the fault it carries as an {@link RpcFaultError}. */
export function replyResult(method: string, packet: BinrpcPacket, shape: 'value' | 'list'): RpcValue {
  switch (packet.header.type) {
    case 'reply':
      return recordsToResult(packet.records, shape);
    case 'fault': {
      const fault = parseFault(packet);
      throw new RpcFaultError(method, fault.code, fault.message);
    }
    case 'request':
      throw new AppError('E_RPC_PROTOCOL', `BINRPC: the server sent a request packet in answer to ${method}`);
  }
}
