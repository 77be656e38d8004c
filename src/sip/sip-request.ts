import type { HeaderField } from './header-field.js';
import { SipMessage, type MessageSource } from './sip-message.js';
import { parseUri, type Uri } from './uri.js';
import { formatUri } from './uri-format.js';
import { isToken } from './char-classes.js';
import { SipParseError } from './sip-parse-error.js';

/** A SIP request: Request-Line (RFC 3261 §7.1) plus the shared header and body model. */
export class SipRequest extends SipMessage {
  readonly kind = 'request' as const;
  /** As written, case-sensitive (RFC 3261 §7.1); never unescaped (RFC 4475 esc02). */
  readonly method: string;
  /** "SIP/2.0" as written. */
  readonly version: string;
  #uriText: string;
  #uri: Uri | undefined;

  constructor(
    method: string,
    requestUri: string,
    version: string,
    headers: HeaderField[],
    body: Buffer,
    source: MessageSource | null = null,
  ) {
    super(headers, body, source);
    this.method = method;
    this.#uriText = requestUri;
    this.version = version;
  }

  /** The Request-URI text as it is now (Kamailio `$ru`). */
  get requestUriText(): string {
    return this.#uriText;
  }

  /** The parsed Request-URI; throws `SipParseError` E_SIP_PARSE_REQUEST_URI. */
  get requestUri(): Uri {
    this.#uri ??= parseUri(this.#uriText, 'E_SIP_PARSE_REQUEST_URI');
    return this.#uri;
  }

  /** Rewrites the Request-URI (Kamailio `$ru = …`, `$rU`, `$rd` via `withSipUriParts`). */
  setRequestUri(uri: string | Uri): void {
    const parsed = typeof uri === 'string' ? parseUri(uri, 'E_SIP_PARSE_REQUEST_URI') : uri;
    const text = typeof uri === 'string' ? uri : uri.raw.length > 0 ? uri.raw : formatUri(uri);
    if (/[\s]/.test(text)) throw new SipParseError('E_SIP_PARSE_REQUEST_URI', 'Request-URI contains whitespace');
    this.#uri = parsed;
    this.#uriText = text;
    this.startLineEdited();
  }

  startLine(): string {
    return `${this.method} ${this.#uriText} ${this.version}`;
  }

  /** A request built by the application (no source bytes). */
  static create(method: string, requestUri: string | Uri, headers: HeaderField[], body: Buffer = Buffer.alloc(0)): SipRequest {
    if (!isToken(method)) throw new SipParseError('E_SIP_PARSE_START_LINE', `method ${JSON.stringify(method)} is not a token`);
    const req = new SipRequest(method, '', 'SIP/2.0', headers, body, null);
    req.setRequestUri(requestUri);
    return req;
  }
}
