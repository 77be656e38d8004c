import { SIP_ERRORS, type SipErrorCode } from '../errors.js';

/**
 * The one error the SIP message layer throws on bad input. `code` is a key of SIP_ERRORS,
 * which also gives the status and reason a stateless server answers with.
 */
export class SipParseError extends Error {
  readonly code: SipErrorCode;
  readonly sipStatus: number;
  readonly reason: string;

  constructor(code: SipErrorCode, message: string) {
    super(message);
    this.name = 'SipParseError';
    this.code = code;
    this.sipStatus = SIP_ERRORS[code].sipStatus;
    this.reason = SIP_ERRORS[code].reason;
  }
}
