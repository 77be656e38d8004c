/**
 * The values a routing script computes with, and Kamailio's conversions between them: a value
 * is an integer, a string or null (`$null`, a pseudo-variable with no value).
 */
export type ScriptValue = string | number | null;

/** A value, or the promise of one when an asynchronous function produced it. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * String conversion: integers in decimal, null as the empty string (Kamailio's rval_get_str).
 */
export function toStr(v: ScriptValue): string {
  if (v === null) return '';
  return typeof v === 'number' ? String(v) : v;
}

/**
 * Integer conversion: a string holding a (signed) decimal number gives that number, any other
 * string and null give 0 (Kamailio's rval_get_int, which logs and uses 0 for non-numbers).
 */
export function toInt(v: ScriptValue): number {
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^\s*([+-]?[0-9]+)/.exec(v);
  if (m === null) return 0;
  const n = Number(m[1]);
  return Number.isFinite(n) ? Math.trunc(n) | 0 : 0;
}

/** A 32-bit signed integer, as the script language computes. */
export function int32(n: number): number {
  return n | 0;
}

export function isPromise<T>(v: MaybePromise<T>): v is Promise<T> {
  return v instanceof Promise;
}
