/**
 * The one shape of the provisioning validators: a check returns the checked value or throws an
 * E_USAGE AppError whose message names what was checked and why it is wrong, so a command calls
 * it before it opens the database. Callers that collect problems (a file import reporting line
 * numbers) catch the error and keep its message.
 */
import { AppError } from '../../errors.js';

/**
 * The error of a failed check: `<field>: <problem>`. `field` is what was checked, as the user
 * knows it (an argument, a flag, a column); `problem` says why it is wrong.
 */
export function usageError(field: string, problem: string): AppError {
  return new AppError('E_USAGE', `${field}: ${problem}`);
}

/** Length in characters (code points), as MySQL and PostgreSQL count VARCHAR(n). */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Quotes a user value for a message: JSON string syntax, so control characters show. */
export function quote(text: string, max = 80): string {
  const shown = charLength(text) > max ? `${Array.from(text).slice(0, max).join('')}…` : text;
  return JSON.stringify(shown);
}

/** Checks that a value fits a VARCHAR(max) column and is not empty unless allowed. */
export function checkText(field: string, text: string, max: number, opts: { readonly allowEmpty?: boolean } = {}): string {
  if (text === '' && opts.allowEmpty !== true) throw usageError(field, 'is empty');
  const len = charLength(text);
  if (len > max) throw usageError(field, `${quote(text)} is ${String(len)} characters long; the column holds at most ${String(max)}`);
  const control = firstControlChar(text);
  if (control !== undefined) throw usageError(field, `${quote(text)} contains the control character U+${control.toString(16).toUpperCase().padStart(4, '0')}`);
  return text;
}

/** The code point of the first C0 control character or DEL, if any (NUL breaks PostgreSQL text). */
export function firstControlChar(text: string): number | undefined {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) return cp;
  }
  return undefined;
}
