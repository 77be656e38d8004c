import { headerKey } from './compact-forms.js';
import { parseMediaType, type MediaType } from './content-type.js';
import { parseCSeq, parseUint32, type CSeq } from './cseq.js';
import { HeaderField } from './header-field.js';
import { parseNameAddr, parseNameAddrList, type NameAddr } from './name-addr.js';
import { parseSipDate } from './sip-date.js';
import { SipParseError } from './sip-parse-error.js';
import { splitHeaderValues } from './split-header-values.js';
import { parseViaList, type Via } from './via.js';

/** Contact values: the list of addresses, or "*" (RFC 3261 §10.2.2, REGISTER only). */
export type ContactList = '*' | readonly NameAddr[];

/** Where a parsed message came from: the datagram or framed stream bytes. */
export interface MessageSource {
  readonly buf: Buffer;
  /** First byte of the start line (leading CRLFs skipped). */
  readonly start: number;
  /** End of the start line including its CRLF. */
  readonly startLineEnd: number;
  /** End of the message: the last body byte by Content-Length, +1. */
  readonly end: number;
  /** Bytes after the end that were discarded (RFC 3261 §18.3, datagrams). */
  readonly trailing: number;
}

/**
 * What requests and responses share: an ordered list of header fields, the body, typed and
 * cached header accessors, and the edit operations a proxy needs. Every edit drops the
 * cached original bytes, so serializing an unedited message returns them untouched.
 */
export abstract class SipMessage {
  #headers: HeaderField[];
  #body: Buffer;
  #source: MessageSource | null;
  #startLineEdited = false;
  #bodyEdited = false;

  #vias: readonly Via[] | undefined;
  #from: NameAddr | null | undefined;
  #to: NameAddr | null | undefined;
  #contacts: ContactList | null | undefined;
  #routes: readonly NameAddr[] | undefined;
  #recordRoutes: readonly NameAddr[] | undefined;
  #cseq: CSeq | null | undefined;
  #contentType: MediaType | null | undefined;

  protected constructor(headers: HeaderField[], body: Buffer, source: MessageSource | null) {
    this.#headers = headers;
    this.#body = body;
    this.#source = source;
  }

  /** The parsed source while nothing has been edited; null after an edit or for a built message. */
  get source(): MessageSource | null {
    return this.#source;
  }

  /** The original start line bytes (with CRLF) while the start line is unedited. */
  get originalStartLine(): Buffer | null {
    const s = this.#source;
    if (s !== null) return s.buf.subarray(s.start, s.startLineEnd);
    return this.#startLineBytes;
  }

  #startLineBytes: Buffer | null = null;

  get headers(): readonly HeaderField[] {
    return this.#headers;
  }

  get body(): Buffer {
    return this.#body;
  }

  /** True once the body has been replaced (its Content-Length is then rewritten). */
  get bodyEdited(): boolean {
    return this.#bodyEdited;
  }

  /** The start line as text, without CRLF. */
  abstract startLine(): string;

  // ---- generic access -------------------------------------------------------------------

  /** All fields with this name (any spelling or compact form). */
  fields(name: string): HeaderField[] {
    const key = headerKey(name);
    return this.#headers.filter((h) => h.key === key);
  }

  #first(key: string): HeaderField | undefined {
    for (const h of this.#headers) if (h.key === key) return h;
    return undefined;
  }

  hasHeader(name: string): boolean {
    return this.#first(headerKey(name)) !== undefined;
  }

  /** The value of the first field with this name. */
  header(name: string): string | undefined {
    return this.#first(headerKey(name))?.value;
  }

  /** The values of all fields with this name, one per field line. */
  headerValues(name: string): string[] {
    return this.fields(name).map((h) => h.value);
  }

  /** All list elements of all fields with this name (Require, Supported, Allow …), empties dropped. */
  headerList(name: string): string[] {
    const out: string[] = [];
    for (const h of this.fields(name)) for (const v of splitHeaderValues(h.value)) if (v.length > 0) out.push(v);
    return out;
  }

  // ---- typed access (parsed on first use, cached until an edit of that header) ---------

  get callId(): string | null {
    const h = this.#first('call-id');
    if (h === undefined) return null;
    const v = h.value;
    if (v.length === 0 || /[\s]/.test(v)) throw new SipParseError('E_SIP_PARSE_CALL_ID', 'Call-ID: empty or contains LWS');
    return v;
  }

  get cseq(): CSeq | null {
    if (this.#cseq === undefined) {
      const h = this.#first('cseq');
      this.#cseq = h === undefined ? null : parseCSeq(h.value);
    }
    return this.#cseq;
  }

  /** Every via-parm of every Via field, top first. */
  get vias(): readonly Via[] {
    if (this.#vias === undefined) {
      const out: Via[] = [];
      for (const h of this.#headers) if (h.key === 'via') for (const v of parseViaList(h.value)) out.push(v);
      this.#vias = out;
    }
    return this.#vias;
  }

  /** The top via-parm; parses only the first Via field. */
  get topVia(): Via | null {
    if (this.#vias !== undefined) return this.#vias[0] ?? null;
    const h = this.#first('via');
    if (h === undefined) return null;
    return parseViaList(h.value)[0] ?? null;
  }

  get from(): NameAddr | null {
    if (this.#from === undefined) {
      const h = this.#first('from');
      this.#from = h === undefined ? null : parseNameAddr(h.value, 'E_SIP_PARSE_FROM');
    }
    return this.#from;
  }

  get to(): NameAddr | null {
    if (this.#to === undefined) {
      const h = this.#first('to');
      this.#to = h === undefined ? null : parseNameAddr(h.value, 'E_SIP_PARSE_TO');
    }
    return this.#to;
  }

  /** All Contact values, or "*"; null without a Contact field. */
  get contacts(): ContactList | null {
    if (this.#contacts === undefined) {
      const fields = this.fields('contact');
      if (fields.length === 0) {
        this.#contacts = null;
      } else if (fields.length === 1 && fields[0]?.value === '*') {
        this.#contacts = '*';
      } else {
        const out: NameAddr[] = [];
        for (const h of fields) {
          if (h.value === '*') throw new SipParseError('E_SIP_PARSE_CONTACT', 'Contact: "*" mixed with other contacts');
          for (const a of parseNameAddrList(h.value, 'E_SIP_PARSE_CONTACT')) out.push(a);
        }
        this.#contacts = out;
      }
    }
    return this.#contacts;
  }

  get routes(): readonly NameAddr[] {
    if (this.#routes === undefined) {
      const out: NameAddr[] = [];
      for (const h of this.fields('route')) for (const a of parseNameAddrList(h.value, 'E_SIP_PARSE_ROUTE')) out.push(a);
      this.#routes = out;
    }
    return this.#routes;
  }

  get recordRoutes(): readonly NameAddr[] {
    if (this.#recordRoutes === undefined) {
      const out: NameAddr[] = [];
      for (const h of this.fields('record-route')) {
        for (const a of parseNameAddrList(h.value, 'E_SIP_PARSE_RECORD_ROUTE')) out.push(a);
      }
      this.#recordRoutes = out;
    }
    return this.#recordRoutes;
  }

  get maxForwards(): number | null {
    const h = this.#first('max-forwards');
    if (h === undefined) return null;
    const n = parseUint32(h.value);
    if (n === null) throw new SipParseError('E_SIP_PARSE_MAX_FORWARDS', 'Max-Forwards: not a number up to 2^32-1');
    return n;
  }

  /** The Expires header as delta-seconds. */
  get expires(): number | null {
    const h = this.#first('expires');
    if (h === undefined) return null;
    const n = parseUint32(h.value);
    if (n === null) throw new SipParseError('E_SIP_PARSE_EXPIRES', 'Expires: not delta-seconds up to 2^32-1');
    return n;
  }

  /** The Content-Length header's value (the body length is `body.length`). */
  get contentLength(): number | null {
    const h = this.#first('content-length');
    if (h === undefined) return null;
    const n = parseUint32(h.value);
    if (n === null) throw new SipParseError('E_SIP_PARSE_CONTENT_LENGTH', 'Content-Length: not a number');
    return n;
  }

  get contentType(): MediaType | null {
    if (this.#contentType === undefined) {
      const h = this.#first('content-type');
      this.#contentType = h === undefined ? null : parseMediaType(h.value);
    }
    return this.#contentType;
  }

  /** The Date header in milliseconds since the epoch. */
  get date(): number | null {
    const h = this.#first('date');
    return h === undefined ? null : parseSipDate(h.value);
  }

  // ---- edits ----------------------------------------------------------------------------

  #edited(key: string | null): void {
    if (this.#source !== null) {
      this.#startLineBytes = this.#startLineEdited ? null : this.originalStartLine;
      this.#source = null;
    }
    switch (key) {
      case null:
        return;
      case 'via':
        this.#vias = undefined;
        return;
      case 'from':
        this.#from = undefined;
        return;
      case 'to':
        this.#to = undefined;
        return;
      case 'contact':
        this.#contacts = undefined;
        return;
      case 'route':
        this.#routes = undefined;
        return;
      case 'record-route':
        this.#recordRoutes = undefined;
        return;
      case 'cseq':
        this.#cseq = undefined;
        return;
      case 'content-type':
        this.#contentType = undefined;
        return;
      default:
        return;
    }
  }

  /** For subclasses: the start line changed, so it is formatted again on serialization. */
  protected startLineEdited(): void {
    this.#edited(null);
    this.#startLineEdited = true;
    this.#startLineBytes = null;
  }

  /** Adds a field after the last one (Kamailio `append_hf`). */
  appendHeader(name: string, value: string): void {
    const f = HeaderField.create(name, value);
    this.#headers.push(f);
    this.#edited(f.key);
  }

  /** Adds a field before the first one (Kamailio `insert_hf`). */
  insertHeader(name: string, value: string): void {
    const f = HeaderField.create(name, value);
    this.#headers.unshift(f);
    this.#edited(f.key);
  }

  /**
   * Adds a field just above the first field of the same name, or at the top when there is
   * none: a proxy's new Via or Record-Route.
   */
  prependHeader(name: string, value: string): void {
    const f = HeaderField.create(name, value);
    const i = this.#headers.findIndex((h) => h.key === f.key);
    this.#headers.splice(i < 0 ? 0 : i, 0, f);
    this.#edited(f.key);
  }

  /** Removes every field with this name (Kamailio `remove_hf`); returns how many. */
  removeHeaders(name: string): number {
    const key = headerKey(name);
    const before = this.#headers.length;
    this.#headers = this.#headers.filter((h) => h.key !== key);
    const removed = before - this.#headers.length;
    if (removed > 0) this.#edited(key);
    return removed;
  }

  /** Replaces every field with this name by one field, where the first one was (or at the end). */
  replaceHeader(name: string, value: string): void {
    const f = HeaderField.create(name, value);
    const i = this.#headers.findIndex((h) => h.key === f.key);
    this.#headers = this.#headers.filter((h) => h.key !== f.key);
    this.#headers.splice(i < 0 ? this.#headers.length : i, 0, f);
    this.#edited(f.key);
  }

  /**
   * Removes the top via-parm (a proxy forwarding a response, RFC 3261 §16.7 step 3): the
   * first Via field, or only its first value when it holds several. Returns false without Via.
   */
  removeTopVia(): boolean {
    const i = this.#headers.findIndex((h) => h.key === 'via');
    const h = this.#headers[i];
    if (h === undefined) return false;
    const values = parseViaList(h.value);
    if (values.length <= 1) {
      this.#headers.splice(i, 1);
    } else {
      this.#headers[i] = HeaderField.create(h.name, values.slice(1).map((v) => v.raw).join(', '));
    }
    this.#edited('via');
    return true;
  }

  /**
   * Replaces the body; Content-Length is rewritten on serialization. With `contentType`, the
   * Content-Type field is replaced too (removed for an empty body without one).
   */
  setBody(body: Buffer | string, contentType?: string): void {
    this.#body = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.#bodyEdited = true;
    this.#edited(null);
    if (contentType !== undefined) this.replaceHeader('Content-Type', contentType);
  }
}
