import { isToken } from './char-classes.js';
import { headerKey } from './compact-forms.js';
import { SipParseError } from './sip-parse-error.js';

const FOLD = /\r\n[ \t]+/g;

/**
 * One header field line of a message. A parsed field keeps a view of its original bytes
 * (folding and spelling included) and decodes its value only when asked; a field added by
 * the application holds its name and value and is formatted as `Name: value`.
 */
export class HeaderField {
  /** The name as written ("v", "ViA", "Via"). */
  readonly name: string;
  /** Lower-case long name: the key for lookups ("via"). */
  readonly key: string;
  readonly #src: Buffer | null;
  readonly #start: number;
  readonly #end: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;
  readonly #folded: boolean;
  #value: string | undefined;

  private constructor(
    name: string,
    key: string,
    src: Buffer | null,
    start: number,
    end: number,
    valueStart: number,
    valueEnd: number,
    folded: boolean,
    value: string | undefined,
  ) {
    this.name = name;
    this.key = key;
    this.#src = src;
    this.#start = start;
    this.#end = end;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
    this.#folded = folded;
    this.#value = value;
  }

  /**
   * A field found by the parser: bytes `[start, end)` of `src` are the whole line with its
   * CRLF, `[valueStart, valueEnd)` the value without surrounding whitespace.
   */
  static fromSource(
    src: Buffer,
    name: string,
    start: number,
    end: number,
    valueStart: number,
    valueEnd: number,
    folded: boolean,
  ): HeaderField {
    return new HeaderField(name, headerKey(name), src, start, end, valueStart, valueEnd, folded, undefined);
  }

  /**
   * A new field. The name must be a token; the value may not contain CR, LF or NUL (that would
   * inject header lines). Throws `SipParseError` (E_SIP_PARSE_HEADER) otherwise.
   */
  static create(name: string, value: string): HeaderField {
    if (!isToken(name)) throw new SipParseError('E_SIP_PARSE_HEADER', `header name ${JSON.stringify(name)} is not a token`);
    if (/[\r\n\0]/.test(value)) throw new SipParseError('E_SIP_PARSE_HEADER', `value of ${name} contains CR, LF or NUL`);
    return new HeaderField(name, headerKey(name), null, 0, 0, 0, 0, false, value.trim());
  }

  /** The value with folding replaced by a single SP, decoded as UTF-8. */
  get value(): string {
    if (this.#value === undefined) {
      const src = this.#src;
      let v = src === null ? '' : src.toString('utf8', this.#valueStart, this.#valueEnd);
      if (this.#folded) v = v.replace(FOLD, ' ');
      this.#value = v;
    }
    return this.#value;
  }

  /** True when the field still has the bytes it was parsed from. */
  get isOriginal(): boolean {
    return this.#src !== null;
  }

  /** The whole line with its CRLF: the original bytes, or `Name: value` for a new field. */
  toBuffer(): Buffer {
    if (this.#src !== null) return this.#src.subarray(this.#start, this.#end);
    return Buffer.from(`${this.name}: ${this.value}\r\n`, 'utf8');
  }
}
