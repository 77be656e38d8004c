/**
 * A `#!subst "/regex/replacement/flags"` rule, applied by the preprocessor to every string
 * literal, pseudo-variable and include file name lexed after it. The first character is the
 * separator (any but a backslash); flags are `i` (ignore case), `g` (every match) and `s`
 * (let `.` match a newline), as in Kamailio. `\1`..`\9` in the replacement are the groups.
 * Pseudo-variables in the replacement stay as written: there is no message at parse time.
 */
export interface SubstRule {
  readonly source: string;
  readonly regex: RegExp;
  readonly replacement: string;
  /** The text between the first two separators (the define name for `#!substdef`). */
  readonly pattern: string;
  apply(text: string): string;
}

/** Parses a rule; throws a plain Error with the reason when the rule is malformed. */
export function parseSubstRule(source: string): SubstRule {
  if (source.length < 4) throw new Error(`the expression is too short: "${source}"`);
  const sep = source.charAt(0);
  if (sep === '\\') throw new Error(`the separator cannot be a backslash: "${source}"`);
  const parts: string[] = [];
  let start = 1;
  for (let k = 1; k < source.length && parts.length < 2; k++) {
    if (source.charAt(k) === sep && source.charAt(k - 1) !== '\\') {
      parts.push(source.slice(start, k));
      start = k + 1;
    }
  }
  if (parts.length < 2) throw new Error(`expected three '${sep}' separators in "${source}"`);
  const pattern = parts[0] ?? '';
  const replacement = parts[1] ?? '';
  const flags = source.slice(start);
  let jsFlags = '';
  for (const f of flags) {
    if (f === 'i') jsFlags += 'i';
    else if (f === 'g') jsFlags += 'g';
    else if (f === 's') jsFlags += 's';
    else throw new Error(`unknown flag '${f}' in "${source}" (i, g and s are known)`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, [...new Set(jsFlags)].join(''));
  } catch (e) {
    throw new Error(`the regular expression "${pattern}" is invalid: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    source,
    regex,
    replacement,
    pattern,
    apply(text: string): string {
      regex.lastIndex = 0;
      return text.replace(regex, (...args: unknown[]) => expand(replacement, args));
    },
  };
}

function expand(replacement: string, args: unknown[]): string {
  let out = '';
  for (let k = 0; k < replacement.length; k++) {
    const c = replacement.charAt(k);
    if (c === '\\' && k + 1 < replacement.length) {
      const d = replacement.charAt(k + 1);
      if (/[0-9]/.test(d)) {
        const group = args[Number(d)];
        out += typeof group === 'string' ? group : '';
      } else {
        out += d;
      }
      k++;
    } else {
      out += c;
    }
  }
  return out;
}
