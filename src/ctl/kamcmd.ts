/**
 * kamcmd's command language (anchors-cli.md §4): `method [args…]`, its aliases with their
 * reply formats, its built-in commands, argument typing, and word splitting for the
 * interactive mode. Pure functions; the shell around them is cmd-shell.ts.
 */
import { AppError } from '../errors.js';
import { typeRpcParams } from '../rpc/params.js';
import type { RpcParam } from '../rpc/rpc-value.js';

export interface KamcmdAlias {
  readonly method: string;
  /** kamcmd's `-f` format for the reply, when the alias has one. */
  readonly format?: string;
}

/** kamcmd 1.5's aliases. */
export const KAMCMD_ALIASES: Readonly<Record<string, KamcmdAlias>> = {
  ps: { method: 'core.ps', format: '%v\\t%v\\n' },
  psx: { method: 'core.psx' },
  list: { method: 'system.listMethods' },
  ls: { method: 'system.listMethods' },
  ver: { method: 'core.version' },
  version: { method: 'core.version' },
  who: { method: 'ctl.who', format: '[%v] %v: %v %v -> %v %v\\n' },
  listen: { method: 'ctl.listen', format: '[%v] %v: %v %v\\n' },
  dns_mem_info: { method: 'dns.mem_info' },
  dns_debug: { method: 'dns.debug', format: '%v (%v): %v %v\\n' },
  dns_debug_all: { method: 'dns.debug_all' },
  dst_blacklist_mem_info: { method: 'dst_blacklist.mem_info' },
  dst_blacklist_debug: { method: 'dst_blacklist.debug' },
};

/** Built-ins of the interactive mode. */
export const KAMCMD_BUILTINS = ['help', '?', 'quit', 'exit'] as const;

/** Methods whose argument is itself a method name (completed as such). */
const METHOD_ARG = new Set(['help', '?', 'system.methodHelp', 'system.methodSignature']);

export interface KamcmdCall {
  readonly method: string;
  readonly params: readonly RpcParam[];
  /** From -f, else from the alias. */
  readonly format: string | undefined;
}

/** A method name and its words as a call: aliases resolved, arguments typed as kamcmd does. */
export function kamcmdCall(words: readonly string[], format: string | undefined): KamcmdCall {
  const [first, ...rest] = words;
  if (first === undefined || first === '') throw new AppError('E_USAGE', 'name an RPC method, e.g. core.uptime');
  const alias = Object.hasOwn(KAMCMD_ALIASES, first) ? KAMCMD_ALIASES[first] : undefined;
  if (rest.length > 256) throw new AppError('E_USAGE', 'at most 256 arguments can be sent in one call');
  return { method: alias?.method ?? first, params: typeRpcParams(rest), format: format ?? alias?.format };
}

/**
 * Splits an interactive line into words: blanks separate, "double" and 'single' quotes group
 * (a quoted empty string is an empty argument), backslash escapes the next character outside
 * single quotes.
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) current += line.charAt(++i);
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line.charAt(++i);
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new AppError('E_USAGE', `unbalanced ${quote} quote`);
  if (inWord) words.push(current);
  return words;
}

/**
 * Tab completion: the first word completes over methods, aliases and built-ins; the argument
 * of help / system.methodHelp / system.methodSignature over methods. Returns readline's
 * `[candidates, fragment]`.
 */
export function completeLine(line: string, methods: readonly string[]): [string[], string] {
  const words = line.split(/\s+/);
  const fragment = words.at(-1) ?? '';
  let pool: readonly string[];
  if (words.length <= 1) pool = [...methods, ...Object.keys(KAMCMD_ALIASES), ...KAMCMD_BUILTINS];
  else if (words.length === 2 && METHOD_ARG.has(words[0] ?? '')) pool = methods;
  else return [[], fragment];
  const hits = [...new Set(pool.filter((m) => m.startsWith(fragment)))].sort();
  return [hits, fragment];
}

/** The text `help` prints for a word: an alias target, a built-in's use, or undefined to ask the server. */
export function builtinHelp(word: string): string | undefined {
  const alias = Object.hasOwn(KAMCMD_ALIASES, word) ? KAMCMD_ALIASES[word] : undefined;
  if (alias !== undefined) return `${word} is an alias of ${alias.method}${alias.format === undefined ? '' : ` printed with the format "${alias.format}"`}`;
  switch (word) {
    case 'help':
    case '?':
      return 'help [name]: list the server\'s methods, aliases and built-ins, or describe one';
    case 'quit':
    case 'exit':
      return `${word}: leave the interactive mode (Ctrl-D does too)`;
    default:
      return undefined;
  }
}
