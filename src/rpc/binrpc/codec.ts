/**
 * BINRPC packets: the wire protocol of Kamailio's ctl module and kamcmd (PROTOCOLS.md §2).
 * Both sides use this file: the client encodes requests and decodes replies/faults, the server
 * decodes requests and encodes replies/faults.
 */
import { BinrpcError } from './binrpc-error.js';
import { decodeRecords, type RecordDecodeOptions } from './record-decoder.js';
import { RecordWriter, unsignedBytes } from './record-encoder.js';
import {
  BINRPC_MAGIC_VERSION,
  PACKET_TYPE,
  type BinrpcHeader,
  type BinrpcPacket,
  type BinrpcPacketType,
  type BinrpcRecord,
} from './record.js';

export interface PacketLimits extends RecordDecodeOptions {
  /** Largest body accepted. Kamailio's own limits are 64 KiB (server read buffer) and 128 KiB (kamcmd). */
  readonly maxBodyLength?: number;
}

export const DEFAULT_MAX_BODY_LENGTH = 16 * 1024 * 1024;

export interface EncodeOptions {
  /** Force the width of the cookie field (1..4); default the minimal width, as Kamailio. */
  readonly cookieLen?: number;
  /** Force the width of the length field (1..4); default the minimal width. */
  readonly lenLen?: number;
}

const PACKET_TYPE_BY_NUMBER: ReadonlyMap<number, BinrpcPacketType> = new Map(
  Object.entries(PACKET_TYPE).map(([name, number]) => [number, name as BinrpcPacketType]),
);

/**
 * Reads a header from the start of `bytes`. Returns undefined while fewer bytes than the header
 * needs are present; throws as soon as the bytes present are wrong (bad magic, unknown type,
 * body over the limit).
 */
export function decodeHeader(bytes: Uint8Array, limits: PacketLimits = {}): { header: BinrpcHeader; headerLength: number } | undefined {
  const first = bytes[0];
  if (first === undefined) return undefined;
  if (first !== BINRPC_MAGIC_VERSION) throw new BinrpcError('corrupted packet', `bad magic/version 0x${first.toString(16).padStart(2, '0')}`, 0);
  const second = bytes[1];
  if (second === undefined) return undefined;
  const type = PACKET_TYPE_BY_NUMBER.get(second >> 4);
  if (type === undefined) throw new BinrpcError('corrupted packet', `packet type ${second >> 4}`, 1);
  const lenLen = ((second >> 2) & 0x3) + 1;
  const cookieLen = (second & 0x3) + 1;
  const headerLength = 2 + lenLen + cookieLen;
  if (bytes.length < headerLength) return undefined;
  const bodyLen = readUnsigned(bytes, 2, lenLen);
  const cookie = readUnsigned(bytes, 2 + lenLen, cookieLen);
  const maxBodyLength = limits.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
  if (bodyLen > maxBodyLength) throw new BinrpcError('packet too big', `body of ${bodyLen} bytes, limit ${maxBodyLength}`, 2);
  return { header: { type, lenLen, cookieLen, bodyLen, cookie }, headerLength };
}

/** Decodes exactly one packet (a datagram, or a frame cut by the stream decoder). */
export function decodePacket(bytes: Uint8Array, limits: PacketLimits = {}): BinrpcPacket {
  const parsed = decodeHeader(bytes, limits);
  if (parsed === undefined) throw new BinrpcError('end of packet encountered', `header incomplete in ${bytes.length} bytes`, 0);
  const { header, headerLength } = parsed;
  const total = headerLength + header.bodyLen;
  if (bytes.length < total) throw new BinrpcError('end of packet encountered', `body has ${bytes.length - headerLength} of ${header.bodyLen} bytes`, bytes.length);
  if (bytes.length > total) throw new BinrpcError('corrupted packet', `${bytes.length - total} bytes after the packet`, total);
  try {
    return { header, records: decodeRecords(bytes.subarray(headerLength, total), limits) };
  } catch (error) {
    throw error instanceof BinrpcError ? error.shifted(headerLength) : error;
  }
}

export function encodePacket(type: BinrpcPacketType, cookie: number, records: readonly BinrpcRecord[], options: EncodeOptions = {}): Buffer {
  const body = new RecordWriter().records(records).toBuffer();
  return Buffer.concat([encodeHeader(type, cookie, body.length, options), body]);
}

export function encodeHeader(type: BinrpcPacketType, cookie: number, bodyLength: number, options: EncodeOptions = {}): Buffer {
  if (!Number.isInteger(cookie) || cookie < 0 || cookie > 0xffffffff) throw new BinrpcError('value out of range', `cookie ${cookie}`);
  const lengthBytes = fixedWidth(unsignedBytes(bodyLength), options.lenLen, 'length');
  const cookieBytes = fixedWidth(unsignedBytes(cookie), options.cookieLen, 'cookie');
  const head = Buffer.alloc(2 + lengthBytes.length + cookieBytes.length);
  head[0] = BINRPC_MAGIC_VERSION;
  head[1] = (PACKET_TYPE[type] << 4) | ((lengthBytes.length - 1) << 2) | (cookieBytes.length - 1);
  head.set(lengthBytes, 2);
  head.set(cookieBytes, 2 + lengthBytes.length);
  return head;
}

/** A request: the method name as a STR record, then the parameters. */
export function encodeRequest(cookie: number, method: string, params: readonly BinrpcRecord[], options: EncodeOptions = {}): Buffer {
  return encodePacket('request', cookie, [{ type: 'str', value: method }, ...params], options);
}

export function encodeReply(cookie: number, records: readonly BinrpcRecord[], options: EncodeOptions = {}): Buffer {
  return encodePacket('reply', cookie, records, options);
}

/** Kamailio formats fault texts into a 256-byte buffer: at most 255 bytes survive. */
export const MAX_FAULT_MESSAGE_BYTES = 255;

export function encodeFault(cookie: number, code: number, message: string, options: EncodeOptions = {}): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  const text = bytes.length > MAX_FAULT_MESSAGE_BYTES ? bytes.subarray(0, MAX_FAULT_MESSAGE_BYTES).toString('utf8') : message;
  return encodePacket('fault', cookie, [{ type: 'int', value: code }, { type: 'str', value: text }], options);
}

export interface BinrpcRequest {
  readonly cookie: number;
  readonly method: string;
  readonly params: readonly BinrpcRecord[];
}

/**
 * The method and parameters of a request packet. The reasons match the ctl module's
 * `400 "bad request method: <reason>"` faults.
 */
export function parseRequest(packet: BinrpcPacket): BinrpcRequest {
  if (packet.header.type !== 'request') throw new BinrpcError('corrupted packet', `a ${packet.header.type} is not a request`);
  const [method, ...params] = packet.records;
  if (method === undefined) throw new BinrpcError('end of packet encountered', 'no method name');
  if (method.type !== 'str') throw new BinrpcError('record doesn\'t match type', `method name is a ${method.type} record`);
  return { cookie: packet.header.cookie, method: method.value, params };
}

export interface BinrpcFault {
  readonly code: number;
  readonly message: string;
}

/** The code and text of a fault packet: an INT followed by a STR. */
export function parseFault(packet: BinrpcPacket): BinrpcFault {
  const [code, message] = packet.records;
  if (code?.type !== 'int' || message?.type !== 'str' || packet.records.length !== 2) {
    throw new BinrpcError('record doesn\'t match type', 'a fault must hold an int code and a string message');
  }
  return { code: code.value, message: message.value };
}

function readUnsigned(bytes: Uint8Array, offset: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + (bytes[offset + i] ?? 0);
  return value;
}

function fixedWidth(minimal: Uint8Array, width: number | undefined, what: string): Uint8Array {
  const wanted = width ?? Math.max(1, minimal.length);
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 4 || wanted < minimal.length) {
    throw new BinrpcError('value out of range', `${what} does not fit in ${wanted} bytes`);
  }
  const out = new Uint8Array(wanted);
  out.set(minimal, wanted - minimal.length);
  return out;
}
