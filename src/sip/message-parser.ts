import { TOKEN } from './char-classes.js';
import { HeaderField } from './header-field.js';
import type { MessageSource } from './sip-message.js';
import { SipParseError } from './sip-parse-error.js';
import { SipRequest } from './sip-request.js';
import { SipResponse } from './sip-response.js';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;

export interface ParseOptions {
  /**
   * True for bytes framed from a stream (TCP, TLS, WS): Content-Length is then required.
   * Over datagrams (the default) a missing Content-Length means "the rest of the datagram",
   * and octets beyond Content-Length are discarded (RFC 3261 §18.3).
   */
  readonly stream?: boolean;
}

function isVersion(s: string): boolean {
  // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; "SIP" is case-insensitive (§7.1).
  if (s.length < 7 || s.slice(0, 4).toUpperCase() !== 'SIP/') return false;
  const dot = s.indexOf('.', 4);
  if (dot <= 4 || dot === s.length - 1) return false;
  for (let i = 4; i < s.length; i++) {
    if (i === dot) continue;
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * Reads the decimal Content-Length value in bytes `[start, end)`; -1 when it is not
 * `1*DIGIT` (with optional surrounding whitespace) of at most 10 digits.
 */
export function readContentLength(buf: Buffer, start: number, end: number): number {
  while (start < end && (buf[start] === SP || buf[start] === HT)) start++;
  while (end > start && (buf[end - 1] === SP || buf[end - 1] === HT)) end--;
  if (end === start || end - start > 10) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value > 0xffffffff ? -1 : value;
}

/**
 * Parses one SIP message. The start line and the header field boundaries are found now;
 * header values are decoded and parsed when first read. Throws `SipParseError`.
 */
export function parseMessage(buf: Buffer, options: ParseOptions = {}): SipRequest | SipResponse {
  const len = buf.length;
  let pos = 0;
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (pos + 1 < len && buf[pos] === CR && buf[pos + 1] === LF) pos += 2;
  const msgStart = pos;
  const lineEnd = buf.indexOf(CR, pos);
  if (lineEnd < 0 || buf[lineEnd + 1] !== LF) {
    throw new SipParseError(lineEnd < 0 ? 'E_SIP_PARSE_HEADERS_END' : 'E_SIP_PARSE_START_LINE', 'start line not terminated by CRLF');
  }
  const startLine = buf.toString('latin1', msgStart, lineEnd);
  if (startLine.indexOf('\n') >= 0 || startLine.indexOf('\0') >= 0) {
    throw new SipParseError('E_SIP_PARSE_START_LINE', 'bare LF or NUL in start line');
  }
  pos = lineEnd + 2;
  const startLineEnd = pos;

  // ---- header fields --------------------------------------------------------------------
  const headers: HeaderField[] = [];
  let contentLength = -1;
  for (;;) {
    if (pos >= len) throw new SipParseError('E_SIP_PARSE_HEADERS_END', 'no empty line after the header fields');
    const first = buf[pos];
    if (first === CR) {
      if (buf[pos + 1] !== LF) throw new SipParseError('E_SIP_PARSE_HEADER', 'bare CR');
      pos += 2;
      break;
    }
    const lineStart = pos;
    while (pos < len && TOKEN[buf[pos] ?? 0] === 1) pos++;
    const nameEnd = pos;
    if (nameEnd === lineStart) throw new SipParseError('E_SIP_PARSE_HEADER', 'header line does not start with a field name');
    while (pos < len && (buf[pos] === SP || buf[pos] === HT)) pos++;
    if (buf[pos] !== 0x3a) throw new SipParseError('E_SIP_PARSE_HEADER', 'header field name not followed by ":"');
    pos++;
    // Leading LWS of the value, which may include a fold right after the colon.
    for (;;) {
      while (pos < len && (buf[pos] === SP || buf[pos] === HT)) pos++;
      if (buf[pos] === CR && buf[pos + 1] === LF && (buf[pos + 2] === SP || buf[pos + 2] === HT)) pos += 3;
      else break;
    }
    const valueStart = pos;
    let folded = false;
    let valueEnd: number;
    for (;;) {
      const cr = buf.indexOf(CR, pos);
      if (cr < 0 || cr + 1 >= len) throw new SipParseError('E_SIP_PARSE_HEADERS_END', 'header field not terminated by CRLF');
      if (buf[cr + 1] !== LF) throw new SipParseError('E_SIP_PARSE_HEADER', 'bare CR in header field');
      const lf = buf.indexOf(LF, pos);
      if (lf >= 0 && lf < cr) throw new SipParseError('E_SIP_PARSE_HEADER', 'bare LF in header field');
      const next = buf[cr + 2];
      pos = cr + 2;
      if (next === SP || next === HT) {
        folded = true;
        continue;
      }
      valueEnd = cr;
      break;
    }
    let ve = valueEnd;
    while (ve > valueStart && (buf[ve - 1] === SP || buf[ve - 1] === HT || buf[ve - 1] === LF || buf[ve - 1] === CR)) ve--;
    const name = buf.toString('latin1', lineStart, nameEnd);
    const field = HeaderField.fromSource(buf, name, lineStart, pos, valueStart, ve, folded);
    headers.push(field);
    if (field.key === 'content-length') {
      const n = folded ? readContentLength(Buffer.from(field.value, 'latin1'), 0, field.value.length) : readContentLength(buf, valueStart, ve);
      if (n < 0) throw new SipParseError('E_SIP_PARSE_CONTENT_LENGTH', 'Content-Length is not a non-negative number');
      if (contentLength >= 0 && n !== contentLength) {
        throw new SipParseError('E_SIP_PARSE_CONTENT_LENGTH', 'several Content-Length fields with different values');
      }
      contentLength = n;
    }
  }

  // ---- body -----------------------------------------------------------------------------
  const bodyStart = pos;
  let end: number;
  if (contentLength >= 0) {
    if (len - bodyStart < contentLength) {
      throw new SipParseError('E_SIP_PARSE_BODY_SHORT', `body has ${len - bodyStart} bytes, Content-Length says ${contentLength}`);
    }
    end = bodyStart + contentLength;
  } else {
    if (options.stream === true) throw new SipParseError('E_SIP_PARSE_CONTENT_LENGTH_MISSING', 'Content-Length is required on a stream');
    end = len;
  }
  const body = buf.subarray(bodyStart, end);
  const source: MessageSource = { buf, start: msgStart, startLineEnd, end, trailing: len - end };

  // ---- start line -----------------------------------------------------------------------
  if (startLine.length >= 4 && startLine.slice(0, 4).toUpperCase() === 'SIP/') {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    const sp = startLine.indexOf(' ');
    if (sp < 0 || !isVersion(startLine.slice(0, sp))) throw new SipParseError('E_SIP_PARSE_START_LINE', 'bad SIP version in status line');
    const codeText = startLine.slice(sp + 1, sp + 4);
    const after = startLine.charCodeAt(sp + 4);
    if (!/^[1-6][0-9][0-9]$/.test(codeText) || (sp + 4 < startLine.length && after !== SP)) {
      throw new SipParseError('E_SIP_PARSE_STATUS_CODE', 'status code is not three digits 100..699');
    }
    const reason = buf.toString('utf8', msgStart + sp + 5, lineEnd);
    return new SipResponse(startLine.slice(0, sp), Number(codeText), sp + 5 > startLine.length ? '' : reason, headers, body, source);
  }
  // Request-Line = Method SP Request-URI SP SIP-Version
  const sp1 = startLine.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : startLine.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || sp2 === sp1 + 1) throw new SipParseError('E_SIP_PARSE_START_LINE', 'request line needs Method SP Request-URI SP SIP-Version');
  const method = startLine.slice(0, sp1);
  for (let i = 0; i < method.length; i++) {
    if (TOKEN[method.charCodeAt(i)] !== 1) throw new SipParseError('E_SIP_PARSE_START_LINE', 'method is not a token');
  }
  const version = startLine.slice(sp2 + 1);
  if (!isVersion(version)) throw new SipParseError('E_SIP_PARSE_START_LINE', 'bad SIP version in request line');
  const uri = startLine.slice(sp1 + 1, sp2);
  if (uri.indexOf('\t') >= 0) throw new SipParseError('E_SIP_PARSE_START_LINE', 'HTAB in request line');
  return new SipRequest(method, uri, version, headers, body, source);
}
