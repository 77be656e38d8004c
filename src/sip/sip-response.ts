import type { HeaderField } from './header-field.js';
import { SipMessage, type MessageSource } from './sip-message.js';
import { SipParseError } from './sip-parse-error.js';

/** A SIP response: Status-Line (RFC 3261 §7.2) plus the shared header and body model. */
export class SipResponse extends SipMessage {
  readonly kind = 'response' as const;
  readonly version: string;
  readonly status: number;
  /** Free UTF-8 text, possibly empty (RFC 4475 noreason, unreason). */
  readonly reason: string;

  constructor(
    version: string,
    status: number,
    reason: string,
    headers: HeaderField[],
    body: Buffer,
    source: MessageSource | null = null,
  ) {
    super(headers, body, source);
    this.version = version;
    this.status = status;
    this.reason = reason;
  }

  startLine(): string {
    return `${this.version} ${this.status} ${this.reason}`;
  }

  /** A response built by the application (no source bytes). */
  static create(status: number, reason: string, headers: HeaderField[], body: Buffer = Buffer.alloc(0)): SipResponse {
    if (!Number.isInteger(status) || status < 100 || status > 699) {
      throw new SipParseError('E_SIP_PARSE_STATUS_CODE', `status ${status} is not in 100..699`);
    }
    if (/[\r\n]/.test(reason)) throw new SipParseError('E_SIP_PARSE_START_LINE', 'reason phrase contains CR or LF');
    return new SipResponse('SIP/2.0', status, reason, headers, body, null);
  }
}
