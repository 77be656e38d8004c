import { AppError } from '../errors.js';
import { formatPos } from './token.js';
import type { SourcePos } from './token.js';

export type CfgErrorCode = 'E_CFG_SYNTAX' | 'E_CFG_INCLUDE' | 'E_CFG_SEMANTIC';

/**
 * A routing-script error at a place in a file. The message starts with `file:line:column:`
 * (the form compilers and editors understand), then says what was expected and what was found.
 */
export class CfgError extends AppError {
  readonly pos: SourcePos;
  /** The message without the leading position. */
  readonly detail: string;

  constructor(code: CfgErrorCode, pos: SourcePos, detail: string, options?: { cause?: unknown }) {
    super(code, `${formatPos(pos)}: ${detail}`, options);
    this.name = 'CfgError';
    this.pos = pos;
    this.detail = detail;
  }
}
