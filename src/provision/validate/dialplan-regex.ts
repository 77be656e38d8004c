/**
 * Regular expressions for the dialplan table, checked before the insert. Kamailio 5.6's
 * dialplan module compiles match_exp (match_op 1) and subst_exp with PCRE; a rule that does not
 * compile, or whose repl_exp names a group subst_exp does not have, is dropped at load time
 * with only a log line. sipctl compiles them here with JavaScript's RegExp, whose syntax is a
 * subset of PCRE's: constructs that only PCRE has are refused with a message naming them,
 * so nothing is written that sipctl could not check.
 *
 * The trusted table's from_pattern is a POSIX extended expression (regcomp); it is checked
 * with the same scanner after POSIX bracket classes are translated.
 */
import { AppError } from '../../errors.js';

export interface CompiledPattern {
  readonly regex: RegExp;
  /** Number of capturing groups. */
  readonly groups: number;
}

type Problem = string | undefined;

/** What the escape `\c` means to PCRE where JavaScript cannot say the same. */
function escapeProblem(c: string, next: string): Problem {
  switch (c) {
    case 'A':
    case 'Z':
    case 'z':
    case 'G':
      return `the anchor \\${c} is PCRE-only; use ^ or $`;
    case 'Q':
    case 'E':
      return '\\Q…\\E quoting is PCRE-only; escape each special character with a backslash';
    case 'K':
      return '\\K (reset match start) is PCRE-only';
    case 'R':
    case 'X':
    case 'C':
    case 'N':
      return `\\${c} is PCRE-only`;
    case 'h':
    case 'H':
    case 'v':
    case 'V':
      return `\\${c} means horizontal/vertical white space to PCRE but something else to JavaScript; write the characters in a class, e.g. [ \\t]`;
    case 'a':
    case 'e':
      return `\\${c} (bell/escape character) is PCRE-only; write \\x07 or \\x1b`;
    case 'p':
    case 'P':
      return `Unicode properties (\\${c}{…}) cannot be checked here`;
    case 'g':
      return 'PCRE back-references \\g… are not supported; write \\1 … \\9';
    case 'o':
      if (next === '{') return 'octal escapes \\o{…} are PCRE-only; write \\xHH';
      return undefined;
    case 'x':
      if (next === '{') return 'escapes \\x{…} are PCRE-only; write \\xHH';
      return undefined;
    case 'k':
      if (next === '{' || next === "'") return "named back-references \\k{…} and \\k'…' are PCRE-only; write \\k<name>";
      return undefined;
    default:
      return undefined;
  }
}

/** What follows "(?" that JavaScript does not have. */
function groupProblem(rest: string): Problem {
  if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!')) return undefined;
  if (/^<[A-Za-z_]/.test(rest)) return undefined;
  if (rest.startsWith('>')) return 'atomic groups (?>…) are PCRE-only';
  if (rest.startsWith('|')) return 'branch-reset groups (?|…) are PCRE-only';
  if (rest.startsWith('#')) return 'comments (?#…) are PCRE-only';
  if (rest.startsWith('P')) return 'Python-style named groups (?P…) are PCRE-only; write (?<name>…) and \\k<name>';
  if (rest.startsWith("'")) return "named groups (?'name'…) are PCRE-only; write (?<name>…)";
  if (rest.startsWith('(')) return 'conditional groups (?(…)…) are PCRE-only';
  if (rest.startsWith('C')) return 'callouts (?C…) are PCRE-only';
  if (/^(R\)|[+-]?\d|&)/.test(rest)) return 'recursion and subroutine calls (?R), (?1), (?&name) are PCRE-only';
  if (/^[-a-zA-Z^]/.test(rest)) return 'inline option settings such as (?i) or (?s:…) are PCRE-only; the rule cannot carry flags here';
  return undefined;
}

interface Lookbehind {
  readonly depth: number;
  variable: boolean;
}

/**
 * Scans a pattern for constructs JavaScript cannot express as PCRE means them, counting
 * capturing groups on the way. Returns the problem, or the group count.
 */
function scan(source: string, posix: boolean): { problem: string } | { groups: number } {
  let groups = 0;
  let depth = 0;
  const lookbehinds: Lookbehind[] = [];
  let canRepeat = false;
  const markVariable = (): void => {
    for (const lb of lookbehinds) lb.variable = true;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\\') {
      const e = source.charAt(i + 1);
      const p = posix ? undefined : escapeProblem(e, source.charAt(i + 2));
      if (p !== undefined) return { problem: p };
      i++;
      canRepeat = true;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (source.charAt(j) === '^') j++;
      if (source.charAt(j) === ']') {
        return { problem: 'a "]" right after "[" or "[^" is a literal to PCRE but ends the class in JavaScript; write \\] instead' };
      }
      for (; j < source.length && source.charAt(j) !== ']'; j++) {
        const d = source.charAt(j);
        if (d === '\\') {
          const p = posix ? undefined : escapeProblem(source.charAt(j + 1), source.charAt(j + 2));
          if (p !== undefined) return { problem: p };
          j++;
        } else if (d === '[' && /^\[[:.=]/.test(source.slice(j, j + 2))) {
          if (posix) {
            const end = source.indexOf(':]', j + 2);
            if (end < 0) return { problem: 'an unterminated POSIX class [:…' };
            j = end + 1;
          } else {
            return { problem: `POSIX classes such as ${source.slice(j, source.indexOf(']', j) + 1) || '[:digit:]'} are not understood by JavaScript; write ranges, e.g. [0-9]` };
          }
        }
      }
      if (j >= source.length) return { problem: 'a character class "[" is not closed' };
      i = j;
      canRepeat = true;
      continue;
    }
    if (c === '(') {
      if (source.charAt(i + 1) === '*') return { problem: 'backtracking verbs and start options such as (*UTF8) or (*FAIL) are PCRE-only' };
      depth++;
      if (source.charAt(i + 1) === '?') {
        const rest = source.slice(i + 2);
        const p = posix ? 'groups starting with "(?" are not POSIX' : groupProblem(rest);
        if (p !== undefined) return { problem: p };
        if (rest.startsWith('<=') || rest.startsWith('<!')) lookbehinds.push({ depth, variable: false });
        else if (rest.startsWith('<')) groups++;
      } else {
        groups++;
      }
      canRepeat = false;
      continue;
    }
    if (c === ')') {
      const lb = lookbehinds[lookbehinds.length - 1];
      if (lb?.depth === depth) {
        lookbehinds.pop();
        if (lb.variable) return { problem: 'a lookbehind (?<=…) or (?<!…) must have a fixed length in PCRE; it contains a variable quantifier' };
      }
      depth--;
      canRepeat = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (canRepeat) {
        if (c !== '?' || source.charAt(i - 1) !== '?') markVariable();
        if (source.charAt(i + 1) === '+' && !posix) return { problem: `possessive quantifiers such as "${c}+" are PCRE-only` };
        if (source.charAt(i + 1) === '?') i++;
      }
      canRepeat = false;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (m !== null && canRepeat) {
        if (m[2] !== undefined && m[3] !== m[1]) markVariable();
        i += m[0].length - 1;
        if (source.charAt(i + 1) === '+' && !posix) return { problem: 'possessive quantifiers such as "{n}+" are PCRE-only' };
        if (source.charAt(i + 1) === '?') i++;
        canRepeat = false;
        continue;
      }
    }
    canRepeat = c !== '|' && c !== '^';
  }
  return { groups };
}

function compile(source: string, translated: string, what: string, posix: boolean): CompiledPattern {
  const scanned = scan(source, posix);
  if ('problem' in scanned) throw new AppError('E_USAGE', `${what} ${JSON.stringify(source)}: ${scanned.problem}`);
  try {
    return { regex: new RegExp(translated), groups: scanned.groups };
  } catch (err) {
    const msg = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/: /s, '') : String(err);
    throw new AppError('E_USAGE', `${what} ${JSON.stringify(source)} is not a valid regular expression: ${msg}`);
  }
}

/** Compiles a PCRE pattern for the dialplan (match_exp with match_op regexp, subst_exp). */
export function compileDialplanRegex(source: string, what = 'regular expression'): CompiledPattern {
  return compile(source, source, what, false);
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
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

/** Compiles a POSIX extended expression (the trusted table's from_pattern and ruri_pattern). */
export function compilePosixPattern(source: string, what = 'pattern'): CompiledPattern {
  let unknown: string | undefined;
  const translated = source.replace(/\[:([a-z]*):\]/g, (m: string, name: string) => {
    const r = POSIX_CLASSES[name];
    if (r === undefined) unknown ??= m;
    return r ?? m;
  });
  if (unknown !== undefined) throw new AppError('E_USAGE', `${what} ${JSON.stringify(source)}: unknown POSIX class ${unknown}`);
  return compile(source, translated, what, true);
}

/** The highest \N back-reference in a dialplan repl_exp (\0 is the whole match), or -1. */
export function highestReplacementGroup(repl: string): number {
  let max = -1;
  for (let i = 0; i < repl.length; i++) {
    if (repl.charAt(i) !== '\\') continue;
    const d = repl.charAt(i + 1);
    if (d >= '0' && d <= '9') max = Math.max(max, Number(d));
    i++;
  }
  return max;
}

export const DIALPLAN_MATCH_OPS = { equal: 0, regexp: 1, fnmatch: 2 } as const;
export type DialplanMatchOp = keyof typeof DIALPLAN_MATCH_OPS;

export interface DialplanRuleText {
  readonly matchOp: DialplanMatchOp;
  readonly matchExp: string;
  readonly substExp: string;
  readonly replExp: string;
}

/**
 * Checks a rule the way the dialplan module does when it loads it: match_exp compiles when
 * match_op is regexp, subst_exp compiles, and repl_exp refers to no group that subst_exp
 * lacks. Throws E_USAGE naming the field.
 */
export function checkDialplanRule(rule: DialplanRuleText): void {
  if (rule.matchExp === '') throw new AppError('E_USAGE', 'match_exp is empty; a rule needs something to match');
  if (rule.matchOp === 'regexp') compileDialplanRegex(rule.matchExp, 'match_exp');
  const groups = rule.substExp === '' ? 0 : compileDialplanRegex(rule.substExp, 'subst_exp').groups;
  const used = highestReplacementGroup(rule.replExp);
  if (used > groups) {
    throw new AppError(
      'E_USAGE',
      `repl_exp ${JSON.stringify(rule.replExp)} refers to group \\${String(used)}, but subst_exp ${JSON.stringify(rule.substExp)} has ${String(groups)} capturing group(s); Kamailio would drop the rule`,
    );
  }
}
