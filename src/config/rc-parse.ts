/**
 * kamctlrc syntax, read without a shell: `KEY=value` assignments with optional `export`,
 * double and single quotes (values may span lines), backslash escapes, comments, and
 * `$NAME`, `${NAME}`, `${NAME:-default}` references. Anything else is an error that names
 * the file and line, never something that is run.
 */
import { AppError } from '../errors.js';

export interface RcAssignment {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

class Cursor {
  pos = 0;
  line = 1;
  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }
  next(): string {
    const c = this.text.charAt(this.pos++);
    if (c === '\n') this.line++;
    return c;
  }
  fail(what: string, line = this.line): never {
    throw new AppError('E_RC_PARSE', `${this.file}:${String(line)}: ${what}`);
  }
  name(): string | undefined {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (m === null) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  skipBlanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  /** Skips blanks and a comment, then requires the end of the line. */
  endOfStatement(): void {
    this.skipBlanks();
    if (this.peek() === '#') while (!this.atEnd() && this.peek() !== '\n') this.pos++;
    if (this.peek() === ';') {
      this.pos++;
      return;
    }
    if (this.peek() === '\r') this.pos++;
    if (this.atEnd()) return;
    if (this.peek() !== '\n') this.fail(`unexpected text "${this.restOfLine()}" after the value (quote values that contain spaces)`);
    this.next();
  }
  restOfLine(): string {
    const end = this.text.indexOf('\n', this.pos);
    return this.text.slice(this.pos, end === -1 ? undefined : end).trim();
  }
}

/**
 * Parses one rc file. `vars` holds the values visible to `$NAME` references (earlier
 * files and the environment); assignments of this file are added to it as they are read.
 */
export function parseRc(text: string, file: string, vars: Map<string, string>): RcAssignment[] {
  const cur: Cursor = new Cursor(text.replace(/^\uFEFF/, ''), file);
  const out: RcAssignment[] = [];
  for (;;) {
    // Skip blank lines, separators and whole-line comments.
    for (;;) {
      cur.skipBlanks();
      const c = cur.peek();
      if (c === '\n' || c === '\r' || c === ';') cur.next();
      else if (c === '#') while (!cur.atEnd() && cur.peek() !== '\n') cur.next();
      else break;
    }
    if (cur.atEnd()) return out;
    const line = cur.line;
    let key = cur.name();
    if (key === 'export' && (cur.peek() === ' ' || cur.peek() === '\t')) {
      cur.skipBlanks();
      key = cur.name();
      if (key !== undefined && cur.peek() !== '=') {
        // `export NAME` with no value marks a variable for export: nothing to do here.
        cur.endOfStatement();
        continue;
      }
    }
    if (key === undefined || cur.peek() !== '=') {
      cur.fail(`expected KEY=value, found "${cur.restOfLine()}"`);
    }
    cur.next(); // '='
    const value = readWord(cur, vars);
    vars.set(key, value);
    out.push({ key, value, line });
    cur.endOfStatement();
  }
}

function readWord(cur: Cursor, vars: ReadonlyMap<string, string>): string {
  let value = '';
  for (;;) {
    const c = cur.peek();
    if (cur.atEnd() || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';') return value;
    if (c === "'") {
      const start = cur.line;
      cur.next();
      while (cur.peek() !== "'") {
        if (cur.atEnd()) cur.fail('unterminated single quote', start);
        value += cur.next();
      }
      cur.next();
    } else if (c === '"') {
      const start = cur.line;
      cur.next();
      while (cur.peek() !== '"') {
        if (cur.atEnd()) cur.fail('unterminated double quote', start);
        const d = cur.peek();
        if (d === '\\') {
          cur.next();
          const e = cur.peek();
          if (e === '\n') cur.next();
          else if (e === '"' || e === '\\' || e === '$' || e === '`') value += cur.next();
          else value += '\\';
        } else if (d === '$') value += expand(cur, vars);
        else if (d === '`') cur.fail('command substitution is not supported in an rc file');
        else value += cur.next();
      }
      cur.next();
    } else if (c === '\\') {
      cur.next();
      if (cur.atEnd()) return value;
      const e = cur.next();
      if (e !== '\n') value += e;
    } else if (c === '$') value += expand(cur, vars);
    else if (c === '`') cur.fail('command substitution is not supported in an rc file');
    else if (c === '(' || c === ')' || c === '|' || c === '&' || c === '<' || c === '>') {
      cur.fail(`shell syntax "${c}" is not supported in an rc file (quote the value)`);
    } else value += cur.next();
  }
}

function expand(cur: Cursor, vars: ReadonlyMap<string, string>): string {
  cur.next(); // '$'
  if (cur.peek() === '(') cur.fail('command substitution is not supported in an rc file');
  if (cur.peek() !== '{') {
    const name = cur.name();
    return name === undefined ? '$' : (vars.get(name) ?? '');
  }
  cur.next();
  const name = cur.name();
  if (name === undefined) cur.fail('bad ${…} reference');
  let fallback: string | undefined;
  if (cur.peek() === ':' && cur.peek(1) === '-') {
    cur.pos += 2;
    fallback = '';
    while (cur.peek() !== '}') {
      if (cur.atEnd() || cur.peek() === '\n') cur.fail('unterminated ${…} reference');
      fallback += cur.peek() === '$' ? expand(cur, vars) : cur.next();
    }
  }
  if (cur.peek() !== '}') cur.fail(`unsupported form in \${${name}…}`);
  cur.next();
  const value = vars.get(name);
  return value === undefined || (value === '' && fallback !== undefined) ? (fallback ?? '') : value;
}
