/**
 * Byte classes of the RFC 3261 §25.1 grammar, as lookup tables indexed by char code
 * (0..255). Code points above 255 are never members.
 */
function table(chars: string, ranges: readonly (readonly [number, number])[] = []): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) t[c] = 1;
  return t;
}

const ALNUM: readonly (readonly [number, number])[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
];

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = table("-.!%*_+`'~", ALNUM);
/** unreserved = alphanum / mark */
export const UNRESERVED = table("-_.!~*'()", ALNUM);
/** user = 1*( unreserved / escaped / user-unreserved ), escapes handled separately */
export const USER = table("-_.!~*'()&=+$,;?/", ALNUM);
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const PASSWORD = table("-_.!~*'()&=+$,", ALNUM);
/** paramchar = param-unreserved / unreserved / escaped */
export const PARAMCHAR = table("-_.!~*'()[]/:&+$", ALNUM);
/** hname / hvalue characters: hnv-unreserved / unreserved / escaped */
export const HNV = table("-_.!~*'()[]/?:+$", ALNUM);
/** hostname characters (plus "_", which real deployments use) */
export const HOSTNAME = table('-._', ALNUM);
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
export const SCHEME = table('+-.', ALNUM);

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255 || TOKEN[c] !== 1) return false;
  }
  return true;
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** True for SP and HTAB (WSP). */
export function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
