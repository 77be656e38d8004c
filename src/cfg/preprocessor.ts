/**
 * The preprocessor of the routing language. It pulls tokens from one lexer per open file,
 * acts on the directives (defines, conditionals, substitutions, include/import) and hands the
 * parser the remaining tokens, with every defined name replaced by its value, as Kamailio 5.6
 * does it in its lexer:
 *
 * - a word equal to a defined name is replaced by the define's value, lexed again (so it may
 *   be a number, a string, several tokens, another define, or nothing); never inside quoted
 *   strings, pseudo-variables, selects or event route names, and never for core keywords;
 * - `#!define` of an existing name is an error, `#!trydef` of one is ignored, `#!redefine`
 *   replaces it; defines are global, whatever file they are made in;
 * - conditionals nest and are global too; a false branch is skipped without being lexed;
 *   a stray `#!else` is a warning, a stray `#!endif` and a missing `#!endif` are errors;
 * - `include_file`/`import_file` open the name as given (relative to the working directory),
 *   then relative to the directory of the file that names it; a missing file is an error for
 *   include_file and ignored for import_file; nesting is limited to 10 and cycles are errors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CfgError } from './cfg-error.js';
import { Lexer } from './lexer.js';
import { parseSubstRule } from './subst-rule.js';
import { describeToken, formatPos } from './token.js';
import type { SubstRule } from './subst-rule.js';
import type { CompatMode, DirectiveToken, SourcePos, Token } from './token.js';

export interface CfgWarning {
  readonly pos: SourcePos;
  readonly message: string;
}

/** Reads a file; returns undefined when it does not exist (other failures throw). */
export type ReadCfgFile = (filePath: string) => string | undefined;

export interface PreprocessorOptions {
  /** Defines given from outside, in `kamailio -A` form: `NAME` or `NAME=VALUE`. */
  readonly defines?: readonly string[];
  /** Names defined before anything else; Kamailio 5.6.3 defines these three. */
  readonly predefined?: readonly string[];
  /** The directory that relative include names are tried against first (default: process.cwd()). */
  readonly cwd?: string;
  readonly readFile?: ReadCfgFile;
  /** The environment for `#!defenv` (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Nested include/import levels allowed below the main file (Kamailio: 10). */
  readonly maxIncludeDepth?: number;
}

export const KAMAILIO_PREDEFINED: readonly string[] = ['KAMAILIO_5', 'KAMAILIO_5_6', 'KAMAILIO_5_6_3'];

interface Define {
  readonly value: string | undefined;
  /** Where it was defined; undefined for predefined and command-line names. */
  readonly pos: SourcePos | undefined;
}

interface FileFrame {
  readonly kind: 'file';
  readonly lexer: Lexer;
  /** Absolute path, for cycle detection. */
  readonly absolute: string;
  /** Directory used for the second lookup of a relative include name. */
  readonly dir: string;
}

interface DefineFrame {
  readonly kind: 'define';
  readonly lexer: Lexer;
  readonly name: string;
  readonly usePos: SourcePos;
  /** The define named in the file at the use site (the outermost one). */
  readonly origin: string;
}

type Frame = FileFrame | DefineFrame;

interface Conditional {
  readonly pos: SourcePos;
  readonly text: string;
  value: boolean;
}

const COMMAND_LINE: SourcePos = { file: '<command line>', line: 1, column: 1 };
const MAX_DEFINE_NESTING = 32;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function defaultReadFile(filePath: string): string | undefined {
  try {
    return readFileSync(filePath, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return undefined;
    throw e;
  }
}

export class Preprocessor {
  readonly warnings: CfgWarning[] = [];
  /** Every file read, main file first, in the order they were opened. */
  readonly files: string[] = [];
  compat: CompatMode | undefined;

  private readonly defines = new Map<string, Define>();
  private readonly frames: Frame[] = [];
  private readonly conditionals: Conditional[] = [];
  private readonly substRules: SubstRule[] = [];
  private readonly cwd: string;
  private readonly readFile: ReadCfgFile;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly maxIncludeDepth: number;
  private finished = false;

  constructor(mainFile: string, text: string, options: PreprocessorOptions = {}) {
    this.cwd = options.cwd ?? process.cwd();
    this.readFile = options.readFile ?? defaultReadFile;
    this.env = options.env ?? process.env;
    this.maxIncludeDepth = options.maxIncludeDepth ?? 10;
    for (const name of options.predefined ?? KAMAILIO_PREDEFINED) this.defines.set(name, { value: undefined, pos: undefined });
    for (const spec of options.defines ?? []) this.commandLineDefine(spec);
    this.pushFile(mainFile, path.resolve(this.cwd, mainFile), text);
  }

  /** True when `name` is defined now. */
  isDefined(name: string): boolean {
    return this.defines.has(name);
  }

  /** The value of a define (undefined when it has none or does not exist). */
  valueOf(name: string): string | undefined {
    return this.defines.get(name)?.value;
  }

  /** Called by the parser after `loadmodule "path/x.so"`: defines `MOD_x`, as Kamailio does. */
  defineModule(modulePath: string): void {
    let name = modulePath.slice(modulePath.lastIndexOf('/') + 1);
    if (name.endsWith('.so')) name = name.slice(0, -3);
    if (name === '') return;
    const key = `MOD_${name}`;
    if (!this.defines.has(key)) this.defines.set(key, { value: undefined, pos: undefined });
  }

  /** The next token for the parser: never a directive; `eof` once, at the end of the main file. */
  next(): Token {
    for (;;) {
      const frame = this.frames[this.frames.length - 1];
      if (frame === undefined) return this.endOfInput();
      const active = this.active();
      const raw = frame.lexer.next(!active);
      this.collectLexerWarnings(frame.lexer);
      const token = frame.kind === 'define' ? this.fromDefine(raw, frame) : raw;
      switch (token.kind) {
        case 'eof':
          this.frames.pop();
          if (this.frames.length === 0) return this.endOfInput(token.pos);
          continue;
        case 'directive':
          this.directive(token);
          continue;
        case 'id':
          if (!token.reserved && this.defines.has(token.text)) {
            this.expand(token.text, token.pos, frame);
            continue;
          }
          return token;
        case 'string':
          return this.substRules.length === 0 ? token : { ...token, value: this.subst(token.value) };
        case 'pv':
          return this.substRules.length === 0 ? token : { ...token, text: this.subst(token.text) };
        case 'number':
        case 'select':
        case 'ipv6':
        case 'numid':
        case 'evname':
        case 'op':
          return token;
      }
    }
  }

  private lastEof: SourcePos | undefined;

  private endOfInput(pos?: SourcePos): Token {
    if (pos !== undefined) this.lastEof = pos;
    const at = this.lastEof ?? COMMAND_LINE;
    if (!this.finished) {
      this.finished = true;
      const open = this.conditionals[this.conditionals.length - 1];
      if (open !== undefined) {
        throw new CfgError(
          'E_CFG_SYNTAX',
          open.pos,
          `expected #!endif for this ${open.text}, found end of file (${String(this.conditionals.length)} conditional(s) left open)`,
        );
      }
    }
    return { kind: 'eof', pos: at };
  }

  private active(): boolean {
    for (const c of this.conditionals) if (!c.value) return false;
    return true;
  }

  private collectLexerWarnings(lexer: Lexer): void {
    if (lexer.warnings.length === 0) return;
    this.warnings.push(...lexer.warnings);
    lexer.warnings.length = 0;
  }

  private fromDefine(token: Token, frame: DefineFrame): Token {
    if (token.kind === 'eof') return token;
    return { ...token, pos: frame.usePos, fromDefine: frame.origin };
  }

  private subst(text: string): string {
    let out = text;
    for (const rule of this.substRules) out = rule.apply(out);
    return out;
  }

  private expand(name: string, usePos: SourcePos, current: Frame): void {
    const value = this.defines.get(name)?.value;
    if (value === undefined || value === '') return;
    const chain: string[] = [];
    for (const f of this.frames) if (f.kind === 'define') chain.push(f.name);
    if (chain.includes(name)) {
      throw new CfgError('E_CFG_SYNTAX', usePos, `expected a define that ends, found "${name}" expanding into itself (${[...chain, name].join(' -> ')})`);
    }
    if (chain.length >= MAX_DEFINE_NESTING) {
      throw new CfgError('E_CFG_SYNTAX', usePos, `expected at most ${String(MAX_DEFINE_NESTING)} nested define expansions, found more at "${name}"`);
    }
    const origin = current.kind === 'define' ? current.origin : name;
    this.frames.push({ kind: 'define', lexer: new Lexer(value, usePos.file), name, usePos, origin });
  }

  private commandLineDefine(spec: string): void {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const value = eq < 0 ? undefined : spec.slice(eq + 1);
    if (!NAME_RE.test(name)) {
      throw new CfgError('E_CFG_SYNTAX', COMMAND_LINE, `expected a define name (letters, digits, '_') in -A ${spec}, found "${name}"`);
    }
    if (this.defines.has(name)) {
      throw new CfgError('E_CFG_SYNTAX', COMMAND_LINE, `expected a new name in -A ${spec}, found "${name}" which is already defined`);
    }
    this.defines.set(name, { value: value === '' ? undefined : value, pos: undefined });
  }

  private define(name: string, value: string | undefined, pos: SourcePos, mode: 'define' | 'trydef' | 'redefine'): void {
    const existing = this.defines.get(name);
    if (existing !== undefined) {
      if (mode === 'trydef') return;
      if (mode === 'define') {
        const where = existing.pos === undefined ? 'before the file was read (predefined or -A)' : `at ${formatPos(existing.pos)}`;
        throw new CfgError('E_CFG_SYNTAX', pos, `expected a name that is not defined yet after #!define, found "${name}" which is already defined ${where}`);
      }
    }
    this.defines.set(name, { value: value === '' ? undefined : value, pos });
  }

  private directive(token: DirectiveToken): void {
    const arg = token.arg ?? '';
    const argPos = token.argPos ?? token.pos;
    switch (token.name) {
      case 'ifdef':
      case 'ifndef': {
        const defined = this.defines.has(arg);
        this.conditionals.push({ pos: token.pos, text: `#!${token.name} ${arg}`, value: token.name === 'ifdef' ? defined : !defined });
        return;
      }
      case 'else': {
        const top = this.conditionals[this.conditionals.length - 1];
        if (top === undefined) {
          this.warnings.push({ pos: token.pos, message: '#!else without an open #!ifdef/#!ifndef is ignored' });
          return;
        }
        top.value = !top.value;
        return;
      }
      case 'endif':
        if (this.conditionals.pop() === undefined) {
          throw new CfgError('E_CFG_SYNTAX', token.pos, 'expected an open #!ifdef/#!ifndef before this #!endif, found none');
        }
        return;
      case 'compat':
        this.compat = arg === 'ser' ? 'ser' : arg === 'maxcompat' ? 'maxcompat' : 'kamailio';
        if (this.compat === 'ser') {
          this.warnings.push({ pos: token.pos, message: '#!SER mode is read like #!KAMAILIO: $name is a pseudo-variable' });
        }
        return;
      case 'define':
      case 'trydef':
      case 'redefine':
        this.define(arg, token.value?.trimEnd(), argPos, token.name);
        return;
      case 'undef':
      case 'tryundef':
        this.defines.delete(arg);
        this.warnings.push({ pos: token.pos, message: `Kamailio 5.6 does not know #!${token.name} and reads the line as a comment` });
        return;
      case 'defenv':
      case 'defenvs':
      case 'trydefenv':
      case 'trydefenvs':
        this.defineFromEnv(token, arg, argPos);
        return;
      case 'subst':
      case 'substdef':
      case 'substdefs':
        this.substDirective(token);
        return;
      case 'include_file':
      case 'import_file':
        this.include(token, arg, argPos);
        return;
    }
  }

  private defineFromEnv(token: DirectiveToken, arg: string, argPos: SourcePos): void {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const variable = eq < 0 ? arg : arg.slice(eq + 1);
    if (!NAME_RE.test(name) || variable === '') {
      throw new CfgError('E_CFG_SYNTAX', argPos, `expected NAME or NAME=VARIABLE after #!${token.name}, found "${arg}"`);
    }
    const value = this.env[variable];
    if (value === undefined) {
      if (token.name.startsWith('try')) return;
      throw new CfgError('E_CFG_SYNTAX', argPos, `expected the environment variable ${variable} to be set for #!${token.name}, found it unset`);
    }
    const quoted = token.name.endsWith('s') ? `"${value}"` : value;
    this.define(name, quoted, argPos, 'define');
  }

  private substDirective(token: DirectiveToken): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return;
    const next = frame.lexer.next(false);
    if (next.kind !== 'string') {
      throw new CfgError('E_CFG_SYNTAX', next.pos, `expected a string "/regex/replacement/flags" after #!${token.name}, found ${describeToken(next)}`);
    }
    let rule: SubstRule;
    try {
      rule = parseSubstRule(next.value);
    } catch (e) {
      throw new CfgError('E_CFG_SYNTAX', next.pos, `expected a valid #!${token.name} rule, found one where ${e instanceof Error ? e.message : String(e)}`);
    }
    if (token.name !== 'subst') {
      if (rule.pattern === '') throw new CfgError('E_CFG_SYNTAX', next.pos, `expected a name between the first two separators of #!${token.name}, found nothing`);
      const value = token.name === 'substdefs' ? `"${rule.replacement}"` : rule.replacement;
      this.define(rule.pattern, value, next.pos, 'define');
    }
    this.substRules.push(rule);
  }

  private include(token: DirectiveToken, arg: string, argPos: SourcePos): void {
    const mandatory = token.name === 'include_file';
    const name = this.subst(decodeIncludeName(arg, argPos, token.name));
    const current = this.frames[this.frames.length - 1];
    const baseDir = current?.kind === 'file' ? current.dir : this.currentFileDir();
    const candidates: { shown: string; absolute: string }[] = [{ shown: name, absolute: path.resolve(this.cwd, name) }];
    if (!path.isAbsolute(name)) {
      const joined = path.join(baseDir, name);
      candidates.push({ shown: joined, absolute: path.resolve(this.cwd, joined) });
    }
    for (const c of candidates) {
      let text: string | undefined;
      try {
        text = this.readFile(c.absolute);
      } catch (e) {
        throw new CfgError('E_CFG_INCLUDE', argPos, `expected a readable file for ${token.name}, found ${c.shown} unreadable: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      if (text === undefined) continue;
      this.checkNesting(c.absolute, c.shown, argPos, token.name);
      this.pushFile(c.shown, c.absolute, text);
      return;
    }
    if (mandatory) {
      const tried = candidates.map((c) => c.absolute).join(', ');
      throw new CfgError('E_CFG_INCLUDE', argPos, `expected an existing file for include_file, found none at ${tried}`);
    }
  }

  private currentFileDir(): string {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      const f = this.frames[k];
      if (f?.kind === 'file') return f.dir;
    }
    return this.cwd;
  }

  private checkNesting(absolute: string, shown: string, pos: SourcePos, directive: string): void {
    const open = this.frames.filter((f): f is FileFrame => f.kind === 'file');
    if (open.some((f) => f.absolute === absolute)) {
      const chain = [...open.map((f) => f.lexer.file), shown].join(' -> ');
      throw new CfgError('E_CFG_INCLUDE', pos, `expected ${directive} to name a file that is not already open, found an include cycle: ${chain}`);
    }
    if (open.length > this.maxIncludeDepth) {
      throw new CfgError('E_CFG_INCLUDE', pos, `expected at most ${String(this.maxIncludeDepth)} nested include levels, found ${shown} one level deeper`);
    }
  }

  private pushFile(shown: string, absolute: string, text: string): void {
    this.files.push(shown);
    this.frames.push({ kind: 'file', lexer: new Lexer(text, shown), absolute, dir: path.dirname(shown) });
  }
}

/** The file name of include_file/import_file: in double quotes, with \t \n \r and \x escapes. */
function decodeIncludeName(raw: string, pos: SourcePos, directive: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) {
    throw new CfgError('E_CFG_INCLUDE', pos, `expected a file name in double quotes without blanks after ${directive}, found ${raw}`);
  }
  if (raw.length >= 128) throw new CfgError('E_CFG_INCLUDE', pos, `expected a file name shorter than 128 characters after ${directive}, found ${String(raw.length)}`);
  let out = '';
  for (let k = 1; k < raw.length - 1; k++) {
    const c = raw.charAt(k);
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (k + 1 === raw.length - 1) throw new CfgError('E_CFG_INCLUDE', pos, `expected an escape after '\\' in the file name ${raw}, found the closing quote`);
    k++;
    const e = raw.charAt(k);
    out += e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e;
  }
  if (out === '') throw new CfgError('E_CFG_INCLUDE', pos, `expected a file name after ${directive}, found ""`);
  return out;
}
