import { AppError } from '../../errors.js';

/**
 * Why a BINRPC packet was refused. The texts are Kamailio's own binrpc error strings where one
 * exists, so a server can answer `400 "bad request: <reason>"` exactly as the ctl module does.
 */
export type BinrpcErrorReason =
  | 'corrupted packet'
  | 'record doesn\'t match type'
  | 'end of packet encountered'
  | 'invalid record type'
  | 'packet too big'
  | 'nesting too deep'
  | 'unbalanced struct/array'
  | 'string not NUL terminated'
  | 'value out of range';

/** Malformed BINRPC input or a value BINRPC cannot carry. Always E_RPC_PROTOCOL. */
export class BinrpcError extends AppError {
  readonly reason: BinrpcErrorReason;
  /** Byte offset in the packet (or body) where the problem was found, when known. */
  readonly offset: number | undefined;
  readonly detail: string;

  constructor(reason: BinrpcErrorReason, detail: string, offset?: number) {
    super('E_RPC_PROTOCOL', `BINRPC: ${reason}${detail === '' ? '' : ` (${detail})`}${offset === undefined ? '' : ` at byte ${offset}`}`);
    this.name = 'BinrpcError';
    this.reason = reason;
    this.detail = detail;
    this.offset = offset;
  }

  /** The same error with its offset moved, e.g. from body-relative to packet-relative. */
  shifted(delta: number): BinrpcError {
    return this.offset === undefined ? this : new BinrpcError(this.reason, this.detail, this.offset + delta);
  }
}
