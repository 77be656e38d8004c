/**
 * Every error sipctl reports, keyed by a stable code. A code never changes meaning once
 * released; README.md lists each one (a test keeps the two in step).
 */
export const ERRORS = {
  E_USAGE: { exitCode: 2, summary: 'a command line argument or flag is missing or invalid' },
  E_RC_PARSE: { exitCode: 3, summary: 'a line of an rc file cannot be parsed; the message names file and line' },
  E_RC_NOT_FOUND: { exitCode: 3, summary: 'the rc file named with --rc or SIPCTLRC does not exist or cannot be read' },
  E_RC_VALUE: { exitCode: 3, summary: 'an rc key has a value of the wrong form (for example DBPORT=abc)' },
  E_DB_ENGINE: { exitCode: 4, summary: 'DBENGINE names an engine sipctl does not support' },
  E_DB_CONNECT: { exitCode: 5, summary: 'the database server cannot be reached (host, port or socket wrong, or server down)' },
  E_DB_AUTH: { exitCode: 6, summary: 'the database server refused the user name or password' },
  E_DB_PATH: { exitCode: 7, summary: 'the SQLite file or its directory cannot be created or written' },
  E_DB_MISSING: { exitCode: 8, summary: 'the database does not exist (run sipctl db create)' },
  E_DB_QUERY: { exitCode: 9, summary: 'the database rejected a statement; nothing was changed' },
  E_DB_VERSION: { exitCode: 10, summary: 'a table has a version that sipctl cannot migrate from or to' },
  E_DB_NOT_EMPTY: { exitCode: 11, summary: 'the target database already holds rows; restore and copy need empty tables' },
  E_BACKUP_FORMAT: { exitCode: 12, summary: 'a backup file is not a sipctl backup or is damaged' },
  E_IO: { exitCode: 13, summary: 'a file cannot be read or written' },
  E_ABORTED: { exitCode: 14, summary: 'the operation was declined at a confirmation prompt' },
  E_PROMPT_NEEDED: { exitCode: 15, summary: 'an answer is needed but no prompt can be shown (--json or no TTY); pass the flag or --yes' },
  E_RPC_CONNECT: { exitCode: 30, summary: 'the control socket of the server cannot be reached (wrong path, server down, module not loaded)' },
  E_RPC_TIMEOUT: { exitCode: 31, summary: 'the server did not answer an RPC call in time' },
  E_RPC_PROTOCOL: { exitCode: 32, summary: 'the server\'s reply is not valid BINRPC or JSON-RPC' },
  E_RPC_FAULT: { exitCode: 33, summary: 'the server answered the RPC call with a fault; the message carries its code and text' },
  E_CFG_SYNTAX: { exitCode: 40, summary: 'the routing script has a syntax error; the message names file:line:column' },
  E_CFG_SEMANTIC: { exitCode: 41, summary: 'the routing script names an unknown module, parameter, function or route, or passes wrong arguments' },
  E_CFG_INCLUDE: { exitCode: 42, summary: 'a file named by include_file or import_file cannot be read' },
  E_SERVER_START: { exitCode: 50, summary: 'the server did not start; the message carries its own error (for example a script error with file:line:column)' },
  E_SERVER_STOP: { exitCode: 51, summary: 'the server did not stop in time after SIGTERM' },
  E_SERVER_DOWN: { exitCode: 52, summary: 'the server is not running (no live process in PID_FILE)' },
  E_LISTEN: { exitCode: 53, summary: 'a SIP or control socket cannot be opened (address in use, not local, or no permission)' },
  E_EXISTS: { exitCode: 20, summary: 'the object to add already exists' },
  E_NOT_FOUND: { exitCode: 21, summary: 'the object to change or remove does not exist' },
  E_INTERNAL: { exitCode: 70, summary: 'an unexpected internal error; please report it with the command that caused it' },
} as const satisfies Record<string, { exitCode: number; summary: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The one error type sipctl throws on purpose. `message` is a complete sentence for the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.exitCode = ERRORS[code].exitCode;
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERRORS, value);
}

/**
 * SIP protocol failures, keyed by a stable code: the status and reason phrase a stateless
 * server answers a request with when its parser or sanity checks reject it. `E_SIP_PARSE_*`
 * codes come from `SipParseError` (src/sip), `E_SIP_SANITY_*` from the request sanity checks.
 */
export const SIP_ERRORS = {
  E_SIP_PARSE_START_LINE: { sipStatus: 400, reason: 'Bad Request Line' },
  E_SIP_PARSE_STATUS_CODE: { sipStatus: 400, reason: 'Bad Status Code' },
  E_SIP_PARSE_HEADER: { sipStatus: 400, reason: 'Bad Header Line' },
  E_SIP_PARSE_HEADERS_END: { sipStatus: 400, reason: 'Missing End of Headers' },
  E_SIP_PARSE_HEADERS_TOO_LARGE: { sipStatus: 400, reason: 'Header Section Too Large' },
  E_SIP_PARSE_CONTENT_LENGTH: { sipStatus: 400, reason: 'Invalid Content-Length' },
  E_SIP_PARSE_CONTENT_LENGTH_MISSING: { sipStatus: 400, reason: 'Missing Content-Length' },
  E_SIP_PARSE_BODY_SHORT: { sipStatus: 400, reason: 'Content-Length Mismatch' },
  E_SIP_PARSE_BODY_TOO_LARGE: { sipStatus: 400, reason: 'Message Body Too Large' },
  E_SIP_PARSE_REQUEST_URI: { sipStatus: 400, reason: 'Bad Request URI' },
  E_SIP_PARSE_URI: { sipStatus: 400, reason: 'Bad URI' },
  E_SIP_PARSE_VIA: { sipStatus: 400, reason: 'Invalid Via Header' },
  E_SIP_PARSE_FROM: { sipStatus: 400, reason: 'Invalid From Header' },
  E_SIP_PARSE_TO: { sipStatus: 400, reason: 'Invalid To Header' },
  E_SIP_PARSE_CONTACT: { sipStatus: 400, reason: 'Invalid Contact Header' },
  E_SIP_PARSE_ROUTE: { sipStatus: 400, reason: 'Invalid Route Header' },
  E_SIP_PARSE_RECORD_ROUTE: { sipStatus: 400, reason: 'Invalid Record-Route Header' },
  E_SIP_PARSE_CSEQ: { sipStatus: 400, reason: 'Invalid CSeq Header' },
  E_SIP_PARSE_CALL_ID: { sipStatus: 400, reason: 'Invalid Call-ID Header' },
  E_SIP_PARSE_MAX_FORWARDS: { sipStatus: 400, reason: 'Invalid Max-Forwards Header' },
  E_SIP_PARSE_EXPIRES: { sipStatus: 400, reason: 'Invalid Expires Header' },
  E_SIP_PARSE_CONTENT_TYPE: { sipStatus: 400, reason: 'Invalid Content-Type Header' },
  E_SIP_PARSE_DATE: { sipStatus: 400, reason: 'Invalid Date Header' },
  E_SIP_SANITY_VERSION: { sipStatus: 505, reason: 'Version Not Supported' },
  E_SIP_SANITY_MISSING_HEADER: { sipStatus: 400, reason: 'Missing Required Header' },
  E_SIP_SANITY_DUPLICATE_HEADER: { sipStatus: 400, reason: 'Duplicate Single-Value Header' },
  E_SIP_SANITY_URI_SCHEME: { sipStatus: 416, reason: 'Unsupported URI Scheme' },
  E_SIP_SANITY_RURI_HEADERS: { sipStatus: 400, reason: 'Headers Not Allowed in Request URI' },
  E_SIP_SANITY_CSEQ_METHOD: { sipStatus: 400, reason: 'CSeq Method Does Not Match Request Method' },
  E_SIP_SANITY_CSEQ_VALUE: { sipStatus: 400, reason: 'CSeq Number Is Illegal' },
  E_SIP_SANITY_MAX_FORWARDS: { sipStatus: 400, reason: 'Max-Forwards Out of Range' },
  E_SIP_SANITY_EXPIRES: { sipStatus: 400, reason: 'Expires Out of Range' },
} as const satisfies Record<string, { sipStatus: number; reason: string }>;

export type SipErrorCode = keyof typeof SIP_ERRORS;
