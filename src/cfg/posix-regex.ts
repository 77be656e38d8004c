/**
 * Kamailio compiles script regular expressions as POSIX extended, case-insensitive,
 * unanchored. JavaScript's syntax covers ERE except for bracket classes such as `[[:digit:]]`,
 * which are translated here.
 */
import { FixupError } from './script-api.js';

const CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\r\\n\\v\\f',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

/** Compiles a POSIX ERE as a case-insensitive JavaScript RegExp; throws FixupError if invalid. */
export function compilePosixRegex(source: string, flags = 'i'): RegExp {
  const translated = source.replace(/\[:([a-z]+):\]/g, (m: string, name: string) => CLASSES[name] ?? m);
  try {
    return new RegExp(translated, flags);
  } catch (e) {
    throw new FixupError(`invalid regular expression ${JSON.stringify(source)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
