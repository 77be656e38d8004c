/**
 * The entry point of `sipd -c -f FILE`: read a routing script with its includes, run the
 * preprocessor and the parser, and return the tree with the warnings. Errors are CfgError
 * (E_CFG_SYNTAX, E_CFG_INCLUDE) with `file:line:column` in the message, or AppError E_IO when
 * the main file itself cannot be read.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../errors.js';
import { Parser } from './parser.js';
import { Preprocessor } from './preprocessor.js';
import type { Config } from './ast.js';
import type { CfgWarning, PreprocessorOptions } from './preprocessor.js';

export type ParseConfigOptions = PreprocessorOptions;

export interface ParseConfigResult {
  readonly ast: Config;
  readonly warnings: readonly CfgWarning[];
}

/** Parses the text of a script as if it were the file `file`. */
export function parseConfigText(file: string, text: string, options: ParseConfigOptions = {}): ParseConfigResult {
  const pp = new Preprocessor(file, text, options);
  const parser = new Parser(pp);
  const ast = parser.parseConfig(
    file,
    () => pp.compat,
    () => pp.files,
  );
  const warnings = [...pp.warnings, ...parser.warnings].sort(
    (a, b) => (a.pos.file === b.pos.file ? a.pos.line - b.pos.line || a.pos.column - b.pos.column : 0),
  );
  return { ast, warnings };
}

/** Reads and parses the script `file`. */
export function parseConfig(file: string, options: ParseConfigOptions = {}): ParseConfigResult {
  let text: string | undefined;
  try {
    text = (options.readFile ?? ((f: string) => readFileSync(f, 'utf8')))(file);
  } catch (e) {
    throw new AppError('E_IO', `cannot read the routing script ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (text === undefined) throw new AppError('E_IO', `cannot read the routing script ${file}: it does not exist`);
  return parseConfigText(file, text, options);
}
