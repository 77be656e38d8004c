/**
 * BINRPC records as they travel (PROTOCOLS.md §2.3). A record may carry the name of the AVP
 * that preceded it inside a struct; arrays never come from Kamailio (it sends structs with
 * unnamed members) but are parsed.
 */
export type BinrpcRecord =
  | { readonly type: 'int'; readonly value: number; readonly name?: string }
  | { readonly type: 'str'; readonly value: string; readonly name?: string }
  | { readonly type: 'double'; readonly value: number; readonly name?: string }
  | { readonly type: 'bytes'; readonly value: Uint8Array; readonly name?: string }
  | { readonly type: 'struct'; readonly items: readonly BinrpcRecord[]; readonly name?: string }
  | { readonly type: 'array'; readonly items: readonly BinrpcRecord[]; readonly name?: string };

export type BinrpcRecordType = BinrpcRecord['type'];

/** Record type numbers on the wire (low nibble of the first byte). */
export const RECORD_TYPE = {
  int: 0,
  str: 1,
  double: 2,
  struct: 3,
  array: 4,
  avp: 5,
  bytes: 6,
} as const;

export type BinrpcPacketType = 'request' | 'reply' | 'fault';

/** Packet type numbers (high nibble of header byte 1); 2 is unused by Kamailio and refused. */
export const PACKET_TYPE = { request: 0, reply: 1, fault: 3 } as const satisfies Record<BinrpcPacketType, number>;

export interface BinrpcHeader {
  readonly type: BinrpcPacketType;
  /** Bytes used for the body length (1..4). */
  readonly lenLen: number;
  /** Bytes used for the cookie (1..4). */
  readonly cookieLen: number;
  readonly bodyLen: number;
  /** Unsigned 32-bit; replies echo the request's value, not its width. */
  readonly cookie: number;
}

export interface BinrpcPacket {
  readonly header: BinrpcHeader;
  readonly records: readonly BinrpcRecord[];
}

/** 0xA magic in the high nibble, version 1 in the low nibble. */
export const BINRPC_MAGIC_VERSION = 0xa1;
