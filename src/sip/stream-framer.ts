import { TOKEN } from './char-classes.js';
import { headerKey } from './compact-forms.js';
import { readContentLength } from './message-parser.js';
import { SipParseError } from './sip-parse-error.js';

export interface StreamFramerOptions {
  /** Largest start line + header section, CRLFCRLF included (default 64 KiB). */
  readonly maxHeaderBytes?: number;
  /** Largest Content-Length accepted (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const EOH = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Cuts a byte stream (TCP, TLS) into whole SIP messages (RFC 3261 §18.3): CRLF keep-alives
 * between messages are skipped, the header section ends at the first empty line, and the body
 * is exactly Content-Length bytes, which every message on a stream must carry.
 *
 * After an error (missing, bad or too large Content-Length, header section too large) the
 * stream cannot be re-synchronised: `push` keeps throwing the same error, and the caller
 * answers 400 if it can (`headerSection` holds what was read) and closes the connection.
 */
export class StreamFramer {
  readonly #maxHeader: number;
  readonly #maxBody: number;
  #buf: Buffer = Buffer.alloc(0);
  #start = 0;
  #end = 0;
  /** How far the end-of-headers search got, relative to #start. */
  #scanned = 0;
  /** Total message length once the header section has been read, else -1. */
  #need = -1;
  #error: SipParseError | null = null;
  #headerSection: Buffer | null = null;

  constructor(options: StreamFramerOptions = {}) {
    this.#maxHeader = options.maxHeaderBytes ?? 65536;
    this.#maxBody = options.maxBodyBytes ?? 1048576;
  }

  /** Bytes held back waiting for the rest of a message. */
  get pendingBytes(): number {
    return this.#end - this.#start;
  }

  /** After an error, the header section of the failed message when it was complete. */
  get headerSection(): Buffer | null {
    return this.#headerSection;
  }

  /** The error that stopped framing, or null. */
  get error(): SipParseError | null {
    return this.#error;
  }

  /**
   * Feeds bytes; returns the messages they complete, in order. Throws `SipParseError` when the
   * stream is broken; if whole messages came before the break in the same chunk, they are
   * returned first, `error` is set, and the next `push` throws.
   */
  push(chunk: Buffer): Buffer[] {
    if (this.#error !== null) throw this.#error;
    const out: Buffer[] = [];
    try {
      this.#push(chunk, out);
    } catch (err) {
      if (err instanceof SipParseError && out.length > 0) return out;
      throw err;
    }
    return out;
  }

  #push(chunk: Buffer, out: Buffer[]): void {
    if (this.#end === this.#start) {
      // Nothing pending: cut whole messages straight out of the chunk, without copying.
      let off = 0;
      for (;;) {
        const r = this.#frame(chunk, off, chunk.length);
        if (r < 0) break;
        out.push(chunk.subarray(this.#msgStart, r));
        off = r;
        this.#reset();
      }
      off = this.#consumed;
      if (off < chunk.length) this.#append(chunk.subarray(off));
      return;
    }
    this.#append(chunk);
    for (;;) {
      const r = this.#frame(this.#buf, this.#start, this.#end);
      if (r < 0) {
        this.#start = this.#consumed;
        break;
      }
      out.push(Buffer.from(this.#buf.subarray(this.#msgStart, r)));
      this.#start = r;
      this.#reset();
    }
    if (this.#start === this.#end) {
      this.#start = 0;
      this.#end = 0;
    }
  }

  #msgStart = 0;
  #consumed = 0;

  #reset(): void {
    this.#need = -1;
    this.#scanned = 0;
  }

  #append(chunk: Buffer): void {
    const used = this.#end - this.#start;
    if (this.#end + chunk.length > this.#buf.length) {
      const size = Math.max(used + chunk.length, this.#buf.length * 2, 4096);
      const next = Buffer.allocUnsafe(size);
      this.#buf.copy(next, 0, this.#start, this.#end);
      this.#buf = next;
      this.#start = 0;
      this.#end = used;
    }
    chunk.copy(this.#buf, this.#end);
    this.#end += chunk.length;
  }

  #fail(code: 'E_SIP_PARSE_CONTENT_LENGTH' | 'E_SIP_PARSE_CONTENT_LENGTH_MISSING' | 'E_SIP_PARSE_BODY_TOO_LARGE' | 'E_SIP_PARSE_HEADERS_TOO_LARGE', message: string): never {
    this.#error = new SipParseError(code, message);
    throw this.#error;
  }

  /**
   * Looks for one whole message in `buf[from, to)`. Returns its end offset, or -1 when more
   * bytes are needed; sets #msgStart, and #consumed to where the next call should start.
   */
  #frame(buf: Buffer, from: number, to: number): number {
    // Skip CRLF keep-alives (RFC 5626 §3.5.1) and stray CRLFs before a start line (§7.5).
    let p = from;
    if (this.#need < 0) while (p < to && (buf[p] === CR || buf[p] === LF)) p++;
    this.#msgStart = p;
    this.#consumed = p;
    if (p >= to) return -1;
    if (this.#need < 0) {
      const searchFrom = Math.max(p, p + this.#scanned - 3);
      const eoh = buf.indexOf(EOH, searchFrom);
      if (eoh < 0 || eoh + 4 > to) {
        this.#scanned = to - p;
        if (to - p > this.#maxHeader) this.#fail('E_SIP_PARSE_HEADERS_TOO_LARGE', `no end of headers within ${this.#maxHeader} bytes`);
        return -1;
      }
      const headerEnd = eoh + 4;
      if (headerEnd - p > this.#maxHeader) this.#fail('E_SIP_PARSE_HEADERS_TOO_LARGE', `header section above ${this.#maxHeader} bytes`);
      const length = this.#contentLength(buf, p, headerEnd);
      this.#need = headerEnd - p + length;
    }
    if (to - p < this.#need) return -1;
    const end = p + this.#need;
    this.#consumed = end;
    return end;
  }

  #contentLength(buf: Buffer, start: number, headerEnd: number): number {
    let found = -1;
    // Header lines start after each CRLF not followed by SP/HTAB; the first line is the start line.
    let line = buf.indexOf(LF, start) + 1;
    while (line > 0 && line < headerEnd - 2) {
      let nameEnd = line;
      while (nameEnd < headerEnd && TOKEN[buf[nameEnd] ?? 0] === 1) nameEnd++;
      let colon = nameEnd;
      while (buf[colon] === 0x20 || buf[colon] === 0x09) colon++;
      let next = buf.indexOf(LF, line) + 1;
      while (next > 0 && next < headerEnd && (buf[next] === 0x20 || buf[next] === 0x09)) next = buf.indexOf(LF, next) + 1;
      if (next <= 0) next = headerEnd;
      if (buf[colon] === 0x3a && nameEnd - line <= 14 && headerKey(buf.toString('latin1', line, nameEnd)) === 'content-length') {
        const raw = buf.toString('latin1', colon + 1, next).replace(/\r\n[ \t]+/g, ' ').trim();
        const n = readContentLength(Buffer.from(raw, 'latin1'), 0, raw.length);
        if (n < 0) {
          this.#headerSection = Buffer.from(buf.subarray(start, headerEnd));
          this.#fail('E_SIP_PARSE_CONTENT_LENGTH', 'Content-Length is not a non-negative number');
        }
        if (found >= 0 && n !== found) {
          this.#headerSection = Buffer.from(buf.subarray(start, headerEnd));
          this.#fail('E_SIP_PARSE_CONTENT_LENGTH', 'several Content-Length fields with different values');
        }
        found = n;
      }
      line = next;
    }
    if (found < 0) {
      this.#headerSection = Buffer.from(buf.subarray(start, headerEnd));
      this.#fail('E_SIP_PARSE_CONTENT_LENGTH_MISSING', 'a message on a stream must carry Content-Length');
    }
    if (found > this.#maxBody) {
      this.#headerSection = Buffer.from(buf.subarray(start, headerEnd));
      this.#fail('E_SIP_PARSE_BODY_TOO_LARGE', `Content-Length ${found} is above ${this.#maxBody}`);
    }
    return found;
  }
}
