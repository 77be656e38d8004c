import type { SipUri, TelUri, Uri } from './uri.js';

/** Parameters that, present in one URI, must be present and equal in the other (§19.1.4). */
const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'] as const;

function eqi(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  return a.toLowerCase() === b.toLowerCase();
}

function sipUrisEqual(a: SipUri, b: SipUri): boolean {
  // Userinfo is compared case-sensitively, everything else case-insensitively, escapes decoded.
  if (a.scheme !== b.scheme || a.user !== b.user || a.password !== b.password) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  // "A URI omitting a component with a default value will not match a URI explicitly
  // containing that component with its default value": sip:a@b ≠ sip:a@b:5060.
  if (a.port !== b.port) return false;
  for (const name of MUST_MATCH) {
    if (a.params.has(name) !== b.params.has(name)) return false;
    if (!eqi(a.params.get(name), b.params.get(name))) return false;
  }
  // Any other parameter appearing in both must match; one appearing in only one is ignored.
  for (const [name, value] of a.params) {
    if (b.params.has(name) && !eqi(value, b.params.get(name))) return false;
  }
  // Header components are never ignored: both sets must be equal.
  if (a.headers.length !== b.headers.length) return false;
  const bh = new Map<string, string>();
  for (const [n, v] of b.headers) bh.set(n.toLowerCase(), v);
  for (const [n, v] of a.headers) {
    if (bh.get(n.toLowerCase()) !== v) return false;
  }
  return true;
}

function telNumber(n: string): string {
  // RFC 3966 §4: visual separators are not significant.
  return n.replace(/[-.()]/g, '').toLowerCase();
}

function telUrisEqual(a: TelUri, b: TelUri): boolean {
  if (telNumber(a.number) !== telNumber(b.number) || a.params.size !== b.params.size) return false;
  for (const [name, value] of a.params) {
    if (!b.params.has(name) || !eqi(value, b.params.get(name))) return false;
  }
  return true;
}

/** URI equivalence by RFC 3261 §19.1.4 (sip/sips), RFC 3966 §4 (tel), exact text otherwise. */
export function urisEqual(a: Uri, b: Uri): boolean {
  switch (a.kind) {
    case 'sip':
      return b.kind === 'sip' && sipUrisEqual(a, b);
    case 'tel':
      return b.kind === 'tel' && telUrisEqual(a, b);
    case 'opaque':
      return b.kind === 'opaque' && a.scheme === b.scheme && a.opaque === b.opaque;
  }
}
