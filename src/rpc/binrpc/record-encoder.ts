import { BinrpcError } from './binrpc-error.js';
import { RECORD_TYPE, type BinrpcRecord } from './record.js';

/**
 * Writes BINRPC records byte for byte as Kamailio's ctl module and kamcmd do (PROTOCOLS.md §2.3):
 * minimal big-endian widths, STR/AVP lengths that count the NUL, DOUBLE as value×1000 with a
 * literal size nibble, arrays never emitted as type 4 unless asked for explicitly.
 */
export class RecordWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  record(record: BinrpcRecord): this {
    if (record.name !== undefined) this.#stringLike(RECORD_TYPE.avp, record.name);
    switch (record.type) {
      case 'int':
        this.#int(record.value);
        break;
      case 'str':
        this.#stringLike(RECORD_TYPE.str, record.value);
        break;
      case 'double':
        this.#double(record.value);
        break;
      case 'bytes':
        this.#head(RECORD_TYPE.bytes, record.value.length);
        this.#push(record.value);
        break;
      case 'struct':
      case 'array': {
        const type = RECORD_TYPE[record.type];
        this.#push(Uint8Array.of(type));
        for (const item of record.items) this.record(item);
        this.#push(Uint8Array.of(0x80 | type));
        break;
      }
    }
    return this;
  }

  records(records: readonly BinrpcRecord[]): this {
    for (const record of records) this.record(record);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks, this.#length);
  }

  #push(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }

  /** Type byte plus length: short form for 0..7, else S=1 with the minimal length-of-length. */
  #head(type: number, length: number): void {
    if (length < 8) {
      this.#push(Uint8Array.of((length << 4) | type));
      return;
    }
    const lengthBytes = unsignedBytes(length);
    if (lengthBytes.length > 4) throw new BinrpcError('packet too big', `record of ${length} bytes`);
    this.#push(Uint8Array.of(0x80 | (lengthBytes.length << 4) | type));
    this.#push(lengthBytes);
  }

  #stringLike(type: number, text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.#head(type, bytes.length + 1);
    this.#push(bytes);
    this.#push(Uint8Array.of(0));
  }

  #int(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
      throw new BinrpcError('value out of range', `${value} is not a 32-bit integer`);
    }
    // Two's complement of the 32-bit value, minimal bytes: negatives always take 4.
    const bytes = unsignedBytes(value >>> 0);
    this.#head(RECORD_TYPE.int, bytes.length);
    this.#push(bytes);
  }

  #double(value: number): void {
    const raw = BigInt.asUintN(64, doubleToFixed(value));
    const bytes = bigUnsignedBytes(raw);
    // The size nibble of a DOUBLE is a plain byte count 0..8, never the S flag.
    this.#push(Uint8Array.of((bytes.length << 4) | RECORD_TYPE.double));
    this.#push(bytes);
  }
}

/**
 * value × 1000 as a signed 64-bit integer. Kamailio truncates (`(long long)(x*1000)`); we round
 * when the product is within float noise of an integer, so 1234.567 survives a round trip
 * instead of becoming 1234.566, and otherwise truncate like Kamailio.
 */
export function doubleToFixed(value: number): bigint {
  if (!Number.isFinite(value)) throw new BinrpcError('value out of range', `${value} cannot travel as a BINRPC double`);
  const product = value * 1000;
  const rounded = Math.round(product);
  const fixed = Math.abs(product - rounded) <= 1e-6 * Math.max(1, Math.abs(product)) ? rounded : Math.trunc(product);
  const big = BigInt(fixed);
  if (big >= 1n << 63n || big < -(1n << 63n)) throw new BinrpcError('value out of range', `${value} overflows a BINRPC double`);
  return big;
}

/** Minimal big-endian bytes of a non-negative integer below 2^53 (0 → no bytes). */
export function unsignedBytes(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  for (let i = 0; i < 8 && rest > 0; i++) {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
  return Uint8Array.from(bytes);
}

function bigUnsignedBytes(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  for (let i = 0; i < 8 && rest > 0n; i++) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return Uint8Array.from(bytes);
}

export function encodeRecords(records: readonly BinrpcRecord[]): Buffer {
  return new RecordWriter().records(records).toBuffer();
}
