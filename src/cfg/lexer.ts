/**
 * The lexer of Kamailio's routing language (5.6). It turns the text of one file into tokens
 * and recognises the preprocessor directives, which it hands on as `directive` tokens for the
 * preprocessor to act on. Facts it follows (from Kamailio's cfg.lex, checked with the real
 * binary where it matters):
 *
 * - comments: `#` and `//` to the end of the line, `/* *\/` blocks that nest;
 * - `#!KAMAILIO`, `#!OPENSER`, `#!SER`, `#!MAXCOMPAT`, `#!ALL` alone on a line select the
 *   compatibility mode; any other `#!word` that is not a directive is a comment;
 * - directives start with `#!` or `!!`; `#!define`-like and `#!ifdef`-like ones need blank space
 *   after the word; `#!else`/`#!endif` must be alone on their line, otherwise the line is a comment;
 * - strings: `"..."` with the escapes `\n \r \t \a \" \\ \xH[H] \ooo` (other pairs kept as
 *   written, backslash-newline removed), adjacent double-quoted strings joined; `'...'` raw;
 * - numbers: decimal, `0x` hex, `0` octal, `[01]+b` binary; yes/true/on/enable = 1,
 *   no/false/off/disable = 0, inet/ipv4 = 2 and inet6/ipv6 = 10 (address families);
 * - pseudo-variables: `$name`, `$name(...)` and `$(...)` with balanced parentheses, `$?`, `$rc`,
 *   `$retcode`, kept as written; selects `@a.b[1]` likewise;
 * - the longest match wins, as in flex: `::1` is an IPv6 literal, `3com` a word, `msg:len` one token.
 */
import { CfgError } from './cfg-error.js';
import { RESERVED_WORDS } from './reserved-words.js';
import type { CompatMode, DirectiveName, DirectiveToken, SourcePos, Token } from './token.js';

export interface LexerWarning {
  readonly pos: SourcePos;
  readonly message: string;
}

const ID_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUM_ID_RE = /[A-Za-z0-9_]+/y;
const DEC_RE = /0|[1-9][0-9]*/y;
const HEX_RE = /0x[0-9a-fA-F]+/y;
const OCT_RE = /0[0-7]+/y;
const BIN_RE = /[01]+b/y;
const EVENT_NAME_RE = /[a-zA-Z][0-9a-zA-Z-]*(?::[a-zA-Z][0-9a-zA-Z_-]*)+/y;
const IPV6_RES = [
  /(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}/y,
  /(?:[0-9a-fA-F]{1,4}:){1,7}(?::[0-9a-fA-F]{1,4}){1,7}/y,
  /:(?::[0-9a-fA-F]{1,4}){1,7}/y,
  /(?:[0-9a-fA-F]{1,4}:){1,7}:/y,
  /::/y,
];
const DIRECTIVE_WORD_RE = /[A-Za-z_]+/y;
const HEADER_RE = /(KAMAILIO|OPENSER|SER|MAXCOMPAT|ALL)\n/y;

const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['yes', 1], ['true', 1], ['on', 1], ['enable', 1],
  ['no', 0], ['false', 0], ['off', 0], ['disable', 0],
  ['inet', 2], ['INET', 2], ['ipv4', 2], ['IPv4', 2], ['IPV4', 2],
  ['inet6', 10], ['INET6', 10], ['ipv6', 10], ['IPv6', 10], ['IPV6', 10],
]);

const WORD_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['and', '&&'], ['or', '||'], ['not', '!'], ['mod', 'mod'],
  ['eq', 'eq'], ['ne', 'ne'], ['ieq', 'ieq'], ['ine', 'ine'],
]);

/** Two-character operators first, so that the longest one wins. */
const OPERATORS2 = ['==', '!=', '=~', '!~', '+=', ':=', '>=', '<=', '<<', '>>', '&&', '||'];
const OPERATORS1 = '=<>!&|~^+-*/%;,:(){}[].';

/** Directive words after `#!`/`!!`, with the canonical name and what must follow the word. */
const DIRECTIVES: ReadonlyMap<string, { name: DirectiveName; form: 'define' | 'ifdef' | 'line' | 'arg' | 'bare' }> =
  new Map([
    ['define', { name: 'define', form: 'define' }],
    ['def', { name: 'define', form: 'define' }],
    ['trydefine', { name: 'trydef', form: 'define' }],
    ['trydef', { name: 'trydef', form: 'define' }],
    ['redefine', { name: 'redefine', form: 'define' }],
    ['redef', { name: 'redefine', form: 'define' }],
    ['undefine', { name: 'undef', form: 'ifdef' }],
    ['undef', { name: 'undef', form: 'ifdef' }],
    ['tryundefine', { name: 'tryundef', form: 'ifdef' }],
    ['tryundef', { name: 'tryundef', form: 'ifdef' }],
    ['ifdef', { name: 'ifdef', form: 'ifdef' }],
    ['ifndef', { name: 'ifndef', form: 'ifdef' }],
    ['else', { name: 'else', form: 'line' }],
    ['endif', { name: 'endif', form: 'line' }],
    ['subst', { name: 'subst', form: 'bare' }],
    ['substdef', { name: 'substdef', form: 'bare' }],
    ['substdefs', { name: 'substdefs', form: 'bare' }],
    ['defenv', { name: 'defenv', form: 'arg' }],
    ['defenvs', { name: 'defenvs', form: 'arg' }],
    ['trydefenv', { name: 'trydefenv', form: 'arg' }],
    ['trydefenvs', { name: 'trydefenvs', form: 'arg' }],
    ['include_file', { name: 'include_file', form: 'arg' }],
    ['import_file', { name: 'import_file', form: 'arg' }],
  ]);

/** Directives that are still tracked inside a skipped `#!ifdef` branch. */
const SKIP_DIRECTIVES: ReadonlySet<DirectiveName> = new Set(['ifdef', 'ifndef', 'else', 'endif']);

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\b';
}

function stickyLength(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? 0 : m[0].length;
}

export class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;
  /** 0: normal; 1: after `event_route`, expecting '['; 2: expecting the name; 3: expecting ']'. */
  private eventState = 0;
  readonly warnings: LexerWarning[] = [];

  constructor(
    private readonly text: string,
    readonly file: string,
  ) {}

  /** The position of the next character. */
  here(): SourcePos {
    return { file: this.file, line: this.line, column: this.col };
  }

  private ch(offset = 0): string {
    return this.text.charAt(this.i + offset);
  }

  private startsWith(s: string, offset = 0): boolean {
    return this.text.startsWith(s, this.i + offset);
  }

  private advance(n = 1): void {
    for (let k = 0; k < n && this.i < this.text.length; k++) {
      if (this.text.charCodeAt(this.i) === 10) {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
      this.i++;
    }
  }

  private fail(pos: SourcePos, detail: string): never {
    throw new CfgError('E_CFG_SYNTAX', pos, detail);
  }

  /**
   * The next token. With `skipping` set (inside a false `#!ifdef` branch) everything is thrown
   * away except the conditional directives, as Kamailio does: skipped text is never lexed.
   */
  next(skipping = false): Token {
    return skipping ? this.nextSkipping() : this.nextToken();
  }

  private nextSkipping(): Token {
    while (this.i < this.text.length) {
      const c = this.ch();
      if ((c === '#' || c === '!') && this.ch(1) === '!') {
        const pos = this.here();
        const d = this.tryDirective(pos, true);
        if (d !== undefined) return d;
      }
      this.advance();
    }
    return { kind: 'eof', pos: this.here() };
  }

  private nextToken(): Token {
    for (;;) {
      this.skipBlanks();
      if (this.i >= this.text.length) return { kind: 'eof', pos: this.here() };
      const pos = this.here();
      const c = this.ch();

      if (this.eventState !== 0) {
        const t = this.eventRouteToken(pos);
        if (t !== undefined) return t;
      }

      if (c === '#' || (c === '/' && this.ch(1) === '/')) {
        const t = this.hashOrSlashComment(pos);
        if (t !== undefined) return t;
        continue;
      }
      if (c === '/' && this.ch(1) === '*') {
        this.blockComment(pos);
        continue;
      }
      if (c === '!' && this.ch(1) === '!') {
        const d = this.tryDirective(pos, false);
        if (d !== undefined) return d;
      }
      if (c === '"') return this.doubleQuoted(pos);
      if (c === "'") return this.singleQuoted(pos);
      if (c === '$') return this.pseudoVariable(pos);
      if (c === '@') return this.select(pos);
      if (/[A-Za-z0-9_:]/.test(c)) {
        const t = this.word(pos);
        if (t !== undefined) return t;
      }
      if (c === '(' && (this.startsWith('(int)') || this.startsWith('(str)'))) {
        const text = this.text.slice(this.i, this.i + 5);
        this.advance(5);
        return { kind: 'op', text, pos };
      }
      for (const op of OPERATORS2) {
        if (this.startsWith(op)) {
          this.advance(2);
          return { kind: 'op', text: op, pos };
        }
      }
      if (OPERATORS1.includes(c)) {
        this.advance();
        return { kind: 'op', text: c, pos };
      }
      const shown = c.charCodeAt(0) < 32 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c;
      this.fail(pos, `expected a token, found unexpected character '${shown}'`);
    }
  }

  /** Blank space, newlines and backslash-newline line continuations. */
  private skipBlanks(): void {
    while (this.i < this.text.length) {
      const c = this.ch();
      if (isBlank(c) || c === '\n') this.advance();
      else if (c === '\\' && this.ch(1) === '\n') this.advance(2);
      else if (c === '\\' && this.ch(1) === '\r' && this.ch(2) === '\n') this.advance(3);
      else return;
    }
  }

  private eventRouteToken(pos: SourcePos): Token | undefined {
    const state = this.eventState;
    if (state === 1 && this.ch() === '[') {
      this.advance();
      this.eventState = 2;
      return { kind: 'op', text: '[', pos };
    }
    if (state === 2) {
      const n = stickyLength(EVENT_NAME_RE, this.text, this.i);
      if (n > 0) {
        const text = this.text.slice(this.i, this.i + n);
        this.advance(n);
        this.eventState = 3;
        return { kind: 'evname', text, pos };
      }
    }
    if (state === 3 && this.ch() === ']') {
      this.advance();
      this.eventState = 0;
      return { kind: 'op', text: ']', pos };
    }
    this.eventState = 0;
    return undefined;
  }

  /** `#...` or `//...`: a compat header, a directive, or a comment to the end of the line. */
  private hashOrSlashComment(pos: SourcePos): Token | undefined {
    const prefix = this.ch() === '#' ? 1 : 2;
    if (this.ch(prefix) === '!') {
      HEADER_RE.lastIndex = this.i + prefix + 1;
      const m = HEADER_RE.exec(this.text);
      if (m !== null) {
        const word = m[1] ?? '';
        const mode: CompatMode = word === 'SER' ? 'ser' : word === 'MAXCOMPAT' || word === 'ALL' ? 'maxcompat' : 'kamailio';
        this.advance(prefix + 1 + m[0].length);
        return { kind: 'directive', name: 'compat', arg: mode, pos };
      }
      if (prefix === 1) {
        const d = this.tryDirective(pos, false);
        if (d !== undefined) return d;
        const word = this.directiveWordAt(this.i + 2);
        if (word !== '' && !DIRECTIVES.has(word)) {
          this.warnings.push({ pos, message: `"#!${word}" is not a directive that Kamailio 5.6 knows; the line is a comment` });
        }
      }
    }
    while (this.i < this.text.length && this.ch() !== '\n') this.advance();
    return undefined;
  }

  private directiveWordAt(at: number): string {
    DIRECTIVE_WORD_RE.lastIndex = at;
    const m = DIRECTIVE_WORD_RE.exec(this.text);
    return m === null ? '' : m[0];
  }

  private blockComment(pos: SourcePos): void {
    let depth = 0;
    while (this.i < this.text.length) {
      if (this.startsWith('/*')) {
        depth++;
        this.advance(2);
      } else if (this.startsWith('*/')) {
        depth--;
        this.advance(2);
        if (depth === 0) return;
      } else {
        this.advance();
      }
    }
    this.fail(pos, `expected '*/' to close the comment opened here, found end of file (${String(depth)} comment(s) open)`);
  }

  /**
   * At `#!` or `!!`: the directive that starts here, or undefined when the text is not one
   * (then it is a comment for `#!`, and operators for `!!`). In skipped text only the
   * conditional directives count.
   */
  private tryDirective(pos: SourcePos, skipping: boolean): DirectiveToken | undefined {
    const wordStart = this.i + 2;
    const word = this.directiveWordAt(wordStart);
    let spec = DIRECTIVES.get(word);
    // `#!substdefx` is `#!subst` followed by other text in flex; only whole words are directives here.
    if (spec === undefined) return undefined;
    if (skipping && !SKIP_DIRECTIVES.has(spec.name)) return undefined;
    const after = wordStart + word.length;
    const next = this.text.charAt(after);
    switch (spec.form) {
      case 'define':
      case 'ifdef':
        if (!isBlank(next)) return undefined;
        break;
      case 'line': {
        let k = after;
        while (isBlank(this.text.charAt(k))) k++;
        if (k < this.text.length && this.text.charAt(k) !== '\n') {
          if (!skipping) {
            this.warnings.push({
              pos,
              message: `"#!${word}" is followed by other text on its line, so Kamailio treats the whole line as a comment`,
            });
          }
          return undefined;
        }
        break;
      }
      case 'arg':
      case 'bare':
        break;
    }
    spec = { ...spec };
    this.advance(after - this.i);
    switch (spec.form) {
      case 'define':
        return this.defineDirective(pos, spec.name);
      case 'ifdef':
        return this.ifdefDirective(pos, spec.name);
      case 'line':
        while (this.i < this.text.length && this.ch() !== '\n') this.advance();
        this.advance();
        return { kind: 'directive', name: spec.name, pos };
      case 'arg':
        return this.argDirective(pos, spec.name);
      case 'bare':
        return { kind: 'directive', name: spec.name, pos };
    }
  }

  private directiveName(directive: string): { name: string; pos: SourcePos } {
    while (isBlank(this.ch())) this.advance();
    const pos = this.here();
    ID_RE.lastIndex = this.i;
    const m = ID_RE.exec(this.text);
    if (m === null) {
      const found = this.i >= this.text.length ? 'end of file' : this.ch() === '\n' ? 'end of line' : `'${this.ch()}'`;
      this.fail(pos, `expected a name after #!${directive}, found ${found}`);
    }
    const name = m[0];
    this.advance(name.length);
    if (this.ch() === '-') this.fail(this.here(), `expected a name without '-' after #!${directive}, found '-' in "${name}-"`);
    return { name, pos };
  }

  private defineDirective(pos: SourcePos, name: DirectiveName): DirectiveToken {
    const id = this.directiveName(name);
    while (isBlank(this.ch())) this.advance();
    if (this.i >= this.text.length || this.ch() === '\n') {
      this.advance();
      return { kind: 'directive', name, pos, arg: id.name, argPos: id.pos };
    }
    const valuePos = this.here();
    let value = '';
    while (this.i < this.text.length && this.ch() !== '\n') {
      if (this.ch() === '\\' && this.ch(1) === '\n') {
        this.advance(2);
        continue;
      }
      value += this.ch();
      this.advance();
    }
    this.advance();
    return { kind: 'directive', name, pos, arg: id.name, argPos: id.pos, value, valuePos };
  }

  private ifdefDirective(pos: SourcePos, name: DirectiveName): DirectiveToken {
    const id = this.directiveName(name);
    while (isBlank(this.ch())) this.advance();
    if (this.i < this.text.length && this.ch() !== '\n') {
      this.warnings.push({ pos: this.here(), message: `text after "#!${name} ${id.name}" is ignored` });
      while (this.i < this.text.length && this.ch() !== '\n') this.advance();
    }
    this.advance();
    return { kind: 'directive', name, pos, arg: id.name, argPos: id.pos };
  }

  /** `include_file "f"`, `#!defenv NAME`: one argument of non-blank characters on the same line. */
  private argDirective(pos: SourcePos, name: DirectiveName): DirectiveToken {
    while (this.ch() === ' ' || this.ch() === '\t') this.advance();
    const argPos = this.here();
    let arg = '';
    while (this.i < this.text.length && !/[ \t\r\n]/.test(this.ch())) {
      arg += this.ch();
      this.advance();
    }
    if (arg === '') this.fail(argPos, `expected an argument after ${name} on the same line, found ${this.i >= this.text.length ? 'end of file' : 'end of line'}`);
    return { kind: 'directive', name, pos, arg, argPos };
  }

  private doubleQuoted(pos: SourcePos): Token {
    let value = '';
    for (;;) {
      value += this.stringBody(pos);
      // Adjacent double-quoted strings separated only by blank space are one string.
      let k = this.i;
      while (k < this.text.length && (isBlank(this.text.charAt(k)) || this.text.charAt(k) === '\n')) k++;
      if (this.text.charAt(k) !== '"') break;
      this.advance(k - this.i);
    }
    return { kind: 'string', value, quote: '"', pos };
  }

  /** At an opening `"`: the decoded text up to the closing quote, which is consumed. */
  private stringBody(open: SourcePos): string {
    this.advance();
    let out = '';
    while (this.i < this.text.length) {
      const c = this.ch();
      if (c === '"') {
        this.advance();
        return out;
      }
      if (c === '\\') {
        const e = this.ch(1);
        const simple: Record<string, string> = { n: '\n', r: '\r', a: '\x07', t: '\t', '"': '"', '\\': '\\' };
        const decoded = simple[e];
        if (decoded !== undefined) {
          out += decoded;
          this.advance(2);
          continue;
        }
        if (e === '\n') {
          this.advance(2);
          continue;
        }
        const hex = /^x([0-9a-fA-F]{1,2})/.exec(this.text.slice(this.i + 1, this.i + 4));
        if (hex !== null) {
          out += String.fromCharCode(parseInt(hex[1] ?? '0', 16));
          this.advance(1 + hex[0].length);
          continue;
        }
        const oct = /^[0-7]{2,3}/.exec(this.text.slice(this.i + 1, this.i + 4));
        if (oct !== null) {
          out += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
          this.advance(1 + oct[0].length);
          continue;
        }
        out += c;
        this.advance();
        continue;
      }
      out += c;
      this.advance();
    }
    this.fail(open, 'expected \'"\' to close the string opened here, found end of file');
  }

  private singleQuoted(pos: SourcePos): Token {
    this.advance();
    const end = this.text.indexOf("'", this.i);
    if (end < 0) this.fail(pos, "expected \"'\" to close the string opened here, found end of file");
    const value = this.text.slice(this.i, end);
    this.advance(end + 1 - this.i);
    return { kind: 'string', value, quote: "'", pos };
  }

  private pseudoVariable(pos: SourcePos): Token {
    const start = this.i;
    if (this.ch(1) === '?') {
      this.advance(2);
      return { kind: 'pv', text: '$?', pos };
    }
    // flex prefers the longer fixed spelling of the return code over the general form.
    for (const rc of ['$retcode', '$rc']) {
      if (this.startsWith(rc)) {
        this.advance(rc.length);
        return { kind: 'pv', text: rc, pos };
      }
    }
    this.advance();
    if (this.ch() !== '(') {
      ID_RE.lastIndex = this.i;
      const m = ID_RE.exec(this.text);
      if (m === null) {
        const found = this.i >= this.text.length ? 'end of file' : `'${this.ch()}'`;
        this.fail(pos, `expected a pseudo-variable name after '$', found ${found}`);
      }
      this.advance(m[0].length);
    }
    if (this.ch() === '(') {
      let depth = 0;
      while (this.i < this.text.length) {
        const c = this.ch();
        if (c === '\n') break;
        this.advance();
        if (c === '(') depth++;
        else if (c === ')') {
          depth--;
          if (depth === 0) return { kind: 'pv', text: this.text.slice(start, this.i), pos };
        }
      }
      this.fail(pos, `expected ')' to close the pseudo-variable ${this.text.slice(start, Math.min(this.i, start + 30))}, found ${this.i >= this.text.length ? 'end of file' : 'end of line'}`);
    }
    return { kind: 'pv', text: this.text.slice(start, this.i), pos };
  }

  private select(pos: SourcePos): Token {
    const start = this.i;
    this.advance();
    ID_RE.lastIndex = this.i;
    if (ID_RE.exec(this.text) === null) this.fail(pos, `expected a select name after '@', found ${this.i >= this.text.length ? 'end of file' : `'${this.ch()}'`}`);
    while (this.i < this.text.length) {
      const c = this.ch();
      if (/[A-Za-z0-9_.[\]]/.test(c)) this.advance();
      else if (c === '"') this.stringBody(this.here());
      else break;
    }
    return { kind: 'select', text: this.text.slice(start, this.i), pos };
  }

  /** Words, numbers, IPv6 literals, word operators and the file directives; longest match wins. */
  private word(pos: SourcePos): Token | undefined {
    const at = this.i;
    let v6 = 0;
    for (const re of IPV6_RES) v6 = Math.max(v6, stickyLength(re, this.text, at));
    const c = this.ch();
    let idLen = 0;
    let special = '';
    if (/[A-Za-z_]/.test(c)) {
      idLen = stickyLength(ID_RE, this.text, at);
      const id = this.text.slice(at, at + idLen);
      for (const compound of ['msg:len', 'uri:host', 'uri:port']) {
        if (compound.startsWith(`${id}:`) && this.text.startsWith(compound, at)) special = compound;
      }
    }
    let numLen = 0;
    let numIdLen = 0;
    if (/[0-9]/.test(c)) {
      numLen = Math.max(
        stickyLength(DEC_RE, this.text, at),
        stickyLength(HEX_RE, this.text, at),
        stickyLength(OCT_RE, this.text, at),
        stickyLength(BIN_RE, this.text, at),
      );
      numIdLen = stickyLength(NUM_ID_RE, this.text, at);
    }
    const best = Math.max(v6, idLen, special.length, numLen, numIdLen);
    if (best === 0) return undefined;
    if (special.length === best) {
      this.advance(best);
      return { kind: 'id', text: special, reserved: true, pos };
    }
    if (idLen === best) {
      const text = this.text.slice(at, at + idLen);
      this.advance(idLen);
      return this.wordToken(text, pos);
    }
    if (numLen === best) {
      const text = this.text.slice(at, at + numLen);
      this.advance(numLen);
      return { kind: 'number', text, value: numberValue(text), pos };
    }
    if (v6 === best) {
      const text = this.text.slice(at, at + v6);
      this.advance(v6);
      return { kind: 'ipv6', text, pos };
    }
    const text = this.text.slice(at, at + numIdLen);
    this.advance(numIdLen);
    return { kind: 'numid', text, pos };
  }

  private wordToken(text: string, pos: SourcePos): Token {
    const n = NUMBER_WORDS.get(text);
    if (n !== undefined) return { kind: 'number', text, value: n, pos };
    const op = WORD_OPERATORS.get(text);
    if (op !== undefined) return op === text ? { kind: 'op', text, pos } : { kind: 'op', text: op, spelling: text, pos };
    if (text === 'include_file' || text === 'import_file') return this.argDirective(pos, text);
    if (text === 'event_route') this.eventState = 1;
    return { kind: 'id', text, reserved: RESERVED_WORDS.has(text), pos };
  }
}

function numberValue(text: string): number {
  if (text.startsWith('0x')) return parseInt(text.slice(2), 16);
  if (text.endsWith('b')) return parseInt(text.slice(0, -1), 2);
  if (text.length > 1 && text.startsWith('0')) return parseInt(text.slice(1), 8);
  return parseInt(text, 10);
}
