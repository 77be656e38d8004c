/**
 * Splits a header value at the commas that separate list elements (RFC 3261 §7.3.1), not at
 * commas inside a quoted string or between "<" and ">". Elements are trimmed; an empty element
 * stays in the list as "" so that the typed parsers can reject it.
 */
export function splitHeaderValues(value: string): string[] {
  if (value.indexOf(',') < 0) return [value.trim()];
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) {
      inQuote = true;
    } else if (c === 0x3c) {
      inAngle = true;
    } else if (c === 0x3e) {
      inAngle = false;
    } else if (c === 0x2c && !inAngle) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}
