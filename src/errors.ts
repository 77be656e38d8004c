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
