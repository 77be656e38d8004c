import { BinrpcError } from './binrpc-error.js';
import type { BinrpcRecord } from './record.js';

export interface RecordDecodeOptions {
  /** Deepest struct/array nesting accepted (Kamailio's replies nest about 6 deep). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 32;

interface OpenContainer {
  readonly type: 'struct' | 'array';
  readonly items: BinrpcRecord[];
  readonly offset: number;
}

interface RecordHead {
  /** Low nibble. */
  readonly type: number;
  /** Payload length in bytes (0 for an end tag). */
  readonly length: number;
  /** S=1 with a zero length-of-length: the end tag of a struct or array. */
  readonly isEnd: boolean;
  /** Offset of the payload. */
  readonly payload: number;
}

/**
 * Parses a BINRPC body (the bytes after the header) into records. Strict: every length is
 * checked against the end of the body before it is used, strings must end in NUL, structs must
 * balance, AVP names must be followed by a value inside a struct, an AVP value may not be an
 * array (Kamailio's parser refuses it too). Unnamed struct members are accepted, as kamcmd
 * does for the arrays Kamailio sends as structs. Work is linear in the body size; nothing is
 * allocated beyond the body's own size.
 */
export function decodeRecords(body: Uint8Array, options: RecordDecodeOptions = {}): BinrpcRecord[] {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const end = body.length;
  const top: BinrpcRecord[] = [];
  const stack: OpenContainer[] = [];
  let pendingName: string | undefined;
  let pos = 0;

  const current = (): BinrpcRecord[] => stack.at(-1)?.items ?? top;
  const add = (record: BinrpcRecord): void => {
    current().push(record);
  };

  while (pos < end) {
    const start = pos;
    const head = readHead(body, pos);
    pos = head.payload + head.length;
    if (head.isEnd) {
      if (head.type !== 3 && head.type !== 4) throw new BinrpcError('corrupted packet', `end tag of record type ${head.type}`, start);
      if (pendingName !== undefined) throw new BinrpcError('record doesn\'t match type', `struct member "${pendingName}" has no value`, start);
      const open = stack.pop();
      const type = head.type === 3 ? 'struct' : 'array';
      if (open?.type !== type) throw new BinrpcError('unbalanced struct/array', `${type} end without a matching start`, start);
      continue;
    }
    const name = pendingName;
    pendingName = undefined;
    const payload = body.subarray(head.payload, pos);
    switch (head.type) {
      case 0: {
        if (head.length > 4) throw new BinrpcError('corrupted packet', `integer of ${head.length} bytes`, start);
        // Kamailio shifts the bytes into a C int: 4 bytes are two's complement, fewer are positive.
        let value = 0;
        for (const byte of payload) value = value * 256 + byte;
        if (head.length === 4 && value >= 0x80000000) value -= 0x100000000;
        add(named({ type: 'int', value }, name));
        break;
      }
      case 1:
        add(named({ type: 'str', value: readCString(payload, start) }, name));
        break;
      case 2: {
        let raw = 0n;
        for (const byte of payload) raw = (raw << 8n) | BigInt(byte);
        // Only a full 8-byte double can be negative: short ones are not sign-extended.
        if (head.length === 8) raw = BigInt.asIntN(64, raw);
        add(named({ type: 'double', value: Number(raw) / 1000 }, name));
        break;
      }
      case 3:
      case 4: {
        if (head.length !== 0) throw new BinrpcError('corrupted packet', 'struct/array start tag with a payload', start);
        const type = head.type === 3 ? 'struct' : 'array';
        if (type === 'array' && name !== undefined) throw new BinrpcError('record doesn\'t match type', 'an array cannot be a struct member', start);
        if (stack.length >= maxDepth) throw new BinrpcError('nesting too deep', `more than ${maxDepth} levels`, start);
        const items: BinrpcRecord[] = [];
        add(named({ type, items }, name));
        stack.push({ type, items, offset: start });
        break;
      }
      case 5:
        if (name !== undefined) throw new BinrpcError('record doesn\'t match type', `struct member "${name}" has no value`, start);
        if (stack.length === 0) throw new BinrpcError('record doesn\'t match type', 'struct member name outside a struct', start);
        pendingName = readCString(payload, start);
        break;
      case 6:
        add(named({ type: 'bytes', value: Uint8Array.from(payload) }, name));
        break;
      default:
        throw new BinrpcError('invalid record type', `type ${head.type}`, start);
    }
  }
  if (pendingName !== undefined) throw new BinrpcError('end of packet encountered', `struct member "${pendingName}" has no value`, end);
  const open = stack.at(-1);
  if (open !== undefined) throw new BinrpcError('unbalanced struct/array', `${open.type} opened at byte ${open.offset} is not closed`, end);
  return top;
}

function readHead(body: Uint8Array, pos: number): RecordHead {
  const first = body[pos];
  if (first === undefined) throw new BinrpcError('end of packet encountered', 'record expected', pos);
  const type = first & 0x0f;
  const size = first >> 4;
  let length: number;
  let payload = pos + 1;
  if (type === 2) {
    // DOUBLE: the high nibble is a literal byte count 0..8.
    if (size > 8) throw new BinrpcError('corrupted packet', `double of ${size} bytes`, pos);
    length = size;
  } else if ((size & 0x8) !== 0) {
    const lengthOfLength = size & 0x7;
    if (lengthOfLength === 0) return { type, length: 0, isEnd: true, payload };
    if (lengthOfLength > 4) throw new BinrpcError('corrupted packet', `length field of ${lengthOfLength} bytes`, pos);
    if (payload + lengthOfLength > body.length) throw new BinrpcError('end of packet encountered', 'record length', pos);
    length = 0;
    for (let i = 0; i < lengthOfLength; i++) length = length * 256 + (body[payload + i] ?? 0);
    payload += lengthOfLength;
  } else {
    length = size;
  }
  if (payload + length > body.length) throw new BinrpcError('end of packet encountered', `record of ${length} bytes`, pos);
  return { type, length, isEnd: false, payload };
}

function readCString(payload: Uint8Array, offset: number): string {
  if (payload.length === 0 || payload[payload.length - 1] !== 0) throw new BinrpcError('string not NUL terminated', '', offset);
  return Buffer.from(payload.buffer, payload.byteOffset, payload.length - 1).toString('utf8');
}

function named<T extends BinrpcRecord>(record: T, name: string | undefined): T {
  return name === undefined ? record : { ...record, name };
}
