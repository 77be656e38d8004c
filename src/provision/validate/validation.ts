/**
 * The result shape every provisioning validator returns, and the one place where a failed
 * check becomes a usage error. Validators never throw: callers that collect problems (a file
 * import reporting line numbers) read `problem`; commands call {@link orUsage}.
 */
import { AppError } from '../../errors.js';

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** What was checked, as the user knows it: an argument, a flag, a column. */
      readonly field: string;
      /** Why it is wrong, a sentence without the field name. */
      readonly problem: string;
    };

export function valid<T>(value: T): Validation<T> {
  return { ok: true, value };
}

export function invalid<T = never>(field: string, problem: string): Validation<T> {
  return { ok: false, field, problem };
}

/** The message of a failed validation: `<field> "<text>": <problem>`. */
export function describeProblem(v: { readonly field: string; readonly problem: string }): string {
  return `${v.field}: ${v.problem}`;
}

/** The value, or an E_USAGE error that names the field and what is wrong with it. */
export function orUsage<T>(v: Validation<T>): T {
  if (v.ok) return v.value;
  throw new AppError('E_USAGE', describeProblem(v));
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
export function checkText(field: string, text: string, max: number, opts: { readonly allowEmpty?: boolean } = {}): Validation<string> {
  if (text === '' && opts.allowEmpty !== true) return invalid(field, 'is empty');
  const len = charLength(text);
  if (len > max) return invalid(field, `${quote(text)} is ${String(len)} characters long; the column holds at most ${String(max)}`);
  const control = firstControlChar(text);
  if (control !== undefined) return invalid(field, `${quote(text)} contains the control character U+${control.toString(16).toUpperCase().padStart(4, '0')}`);
  return valid(text);
}

/** The code point of the first C0 control character or DEL, if any (NUL breaks PostgreSQL text). */
export function firstControlChar(text: string): number | undefined {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) return cp;
  }
  return undefined;
}
