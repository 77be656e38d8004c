import { AppError } from '../../errors.js';

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * Cuts JSON documents out of a byte stream by counting braces outside string literals, the way
 * jsonrpcs frames its FIFO (PROTOCOLS.md §3.6): both `"…"` and `'…'` are strings, a backslash
 * escapes the next byte, a document ends when the count returns to 0. Whitespace between
 * documents is skipped; anything else outside a document is refused. Used on the client side
 * to know that a FIFO reply is complete, and reusable for a FIFO server.
 */
export class JsonDocumentFramer {
  readonly #maxBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #depth = 0;
  #quote = 0;
  #escaped = false;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** True while a document has started but not ended. */
  get inDocument(): boolean {
    return this.#depth > 0;
  }

  push(chunk: Uint8Array): string[] {
    const documents: string[] = [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = this.#depth > 0 ? 0 : -1;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] ?? 0;
      if (this.#depth === 0) {
        if (isSpace(byte)) continue;
        if (byte !== OPEN) throw new AppError('E_RPC_PROTOCOL', `JSON-RPC: unexpected byte 0x${byte.toString(16).padStart(2, '0')} outside a JSON document`);
        start = i;
        this.#depth = 1;
        continue;
      }
      if (this.#quote !== 0) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === BACKSLASH) this.#escaped = true;
        else if (byte === this.#quote) this.#quote = 0;
        continue;
      }
      if (byte === DOUBLE_QUOTE || byte === SINGLE_QUOTE) this.#quote = byte;
      else if (byte === OPEN) this.#depth++;
      else if (byte === CLOSE) {
        this.#depth--;
        if (this.#depth === 0) {
          this.#append(bytes.subarray(start, i + 1));
          documents.push(Buffer.concat(this.#parts, this.#size).toString('utf8'));
          this.#parts = [];
          this.#size = 0;
          start = -1;
        }
      }
    }
    if (this.#depth > 0 && start >= 0) this.#append(bytes.subarray(start));
    return documents;
  }

  #append(part: Buffer): void {
    this.#size += part.length;
    if (this.#size > this.#maxBytes) throw new AppError('E_RPC_PROTOCOL', `JSON-RPC: document exceeds the limit of ${this.#maxBytes} bytes`);
    this.#parts.push(Buffer.from(part));
  }
}
