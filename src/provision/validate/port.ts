/** Port numbers from the command line. */
import { AppError } from '../../errors.js';

export interface PortOptions {
  /** Whether 0 is allowed; in the address table it means "any port". */
  readonly allowZero?: boolean;
  /** Names the argument in the error message. */
  readonly what?: string;
}

/** A decimal port 1–65535 (0–65535 with allowZero), without sign, spaces or leading "+". */
export function parsePort(text: string, opts: PortOptions = {}): number {
  const min = opts.allowZero === true ? 0 : 1;
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= 65535)) {
    throw new AppError('E_USAGE', `${opts.what ?? 'port'} ${JSON.stringify(text)} is not a port number (${String(min)}–65535)`);
  }
  return n;
}

export interface IntegerOptions {
  readonly min?: number;
  readonly max?: number;
  readonly what?: string;
}

/**
 * A decimal integer argument (set ids, priorities, flags, group numbers), within the range
 * of a 32-bit INT column unless told otherwise. kamctl pastes such values into SQL unquoted;
 * here they are numbers before they reach the database.
 */
export function parseInteger(text: string, opts: IntegerOptions = {}): number {
  const min = opts.min ?? -(2 ** 31);
  const max = opts.max ?? 2 ** 31 - 1;
  const n = /^-?\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new AppError('E_USAGE', `${opts.what ?? 'value'} ${JSON.stringify(text)} is not an integer from ${String(min)} to ${String(max)}`);
  }
  return n;
}
