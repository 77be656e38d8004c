import { decodeHeader, decodePacket, type PacketLimits } from './codec.js';
import { BinrpcError } from './binrpc-error.js';
import type { BinrpcPacket } from './record.js';

/**
 * Cuts a BINRPC byte stream (unix stream or TCP) into packets. Bytes may arrive split anywhere
 * and several packets may arrive in one chunk; `push` returns every packet completed by the
 * chunk, in order. A header is judged as soon as its bytes are there, so garbage fails fast and
 * a body over the limit is refused before it is buffered. After an error the stream is out of
 * step and the decoder refuses further input: close the connection (the ctl module does too).
 */
export class BinrpcStreamDecoder {
  readonly #limits: PacketLimits;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #failed: BinrpcError | undefined;

  constructor(limits: PacketLimits = {}) {
    this.#limits = limits;
  }

  /** Bytes received but not yet part of a complete packet. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  push(chunk: Uint8Array): BinrpcPacket[] {
    if (this.#failed !== undefined) throw this.#failed;
    if (chunk.length > 0) {
      this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.#buffered += chunk.length;
    }
    const packets: BinrpcPacket[] = [];
    try {
      // Each turn either returns or removes one whole packet, so this ends.
      for (;;) {
        const parsed = decodeHeader(this.#peek(10), this.#limits);
        if (parsed === undefined) return packets;
        const total = parsed.headerLength + parsed.header.bodyLen;
        if (this.#buffered < total) return packets;
        packets.push(decodePacket(this.#take(total), this.#limits));
      }
    } catch (error) {
      if (error instanceof BinrpcError) this.#failed = error;
      throw error;
    }
  }

  /** Up to `count` leading bytes, copied only across chunk boundaries. */
  #peek(count: number): Uint8Array {
    const first = this.#chunks[0];
    if (first === undefined) return new Uint8Array(0);
    if (first.length >= count || this.#chunks.length === 1) return first.subarray(0, count);
    return Buffer.concat(this.#chunks, Math.min(count, this.#buffered));
  }

  #take(count: number): Buffer {
    const all = this.#chunks.length === 1 && this.#chunks[0] !== undefined ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#buffered);
    const packet = all.subarray(0, count);
    const rest = all.subarray(count);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    return packet;
  }
}
