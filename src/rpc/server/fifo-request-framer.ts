/**
 * Cuts request documents out of the jsonrpcs FIFO byte stream the way jsonrpcs does (PROTOCOLS.md
 * §3.6): braces counted outside `"…"` and `'…'` strings, a backslash escaping the next byte,
 * whitespace between documents skipped. Unlike the client's framer it never gives up on the
 * stream — the FIFO is shared by every client for the server's whole life — so it resynchronises
 * instead: bytes outside a document are skipped up to the next `{` and reported as garbage, and
 * a document over the limit is skipped to its closing brace without being buffered and reported
 * as oversized.
 */
const OPEN = 0x7b;
const CLOSE = 0x7d;
const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

export type FifoFrame = { readonly kind: 'document'; readonly text: Buffer } | { readonly kind: 'garbage'; readonly bytes: number } | { readonly kind: 'oversized'; readonly bytes: number };

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

export class FifoRequestFramer {
  readonly #maxBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #depth = 0;
  #quote = 0;
  #escaped = false;
  #oversized = false;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** True while a document has started and not ended. */
  get pending(): boolean {
    return this.#depth > 0;
  }

  /** Forgets a partial document (a writer that never finished). */
  reset(): void {
    this.#parts = [];
    this.#size = 0;
    this.#depth = 0;
    this.#quote = 0;
    this.#escaped = false;
    this.#oversized = false;
  }

  push(chunk: Uint8Array): FifoFrame[] {
    const frames: FifoFrame[] = [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = this.#depth > 0 ? 0 : -1;
    let garbage = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] ?? 0;
      if (this.#depth === 0) {
        if (byte === OPEN) {
          if (garbage > 0) frames.push({ kind: 'garbage', bytes: garbage });
          garbage = 0;
          start = i;
          this.#depth = 1;
        } else if (!isSpace(byte)) {
          garbage++;
        }
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
      else if (byte === CLOSE && --this.#depth === 0) {
        this.#append(bytes.subarray(start, i + 1));
        frames.push(this.#oversized ? { kind: 'oversized', bytes: this.#size } : { kind: 'document', text: Buffer.concat(this.#parts, this.#size) });
        this.reset();
        start = -1;
      }
    }
    if (garbage > 0) frames.push({ kind: 'garbage', bytes: garbage });
    if (this.#depth > 0 && start >= 0) this.#append(bytes.subarray(start));
    return frames;
  }

  #append(part: Buffer): void {
    this.#size += part.length;
    if (this.#oversized) return;
    if (this.#size > this.#maxBytes) {
      this.#oversized = true;
      this.#parts = [];
      return;
    }
    this.#parts.push(Buffer.from(part));
  }
}
