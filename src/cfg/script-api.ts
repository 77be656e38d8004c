/**
 * What the routing engine plugs in from modules: script functions with typed arguments that
 * are fixed up once at start-up, and pseudo-variables. A function's fixup checks and prepares
 * its arguments and returns the closure that runs per message.
 *
 * Calling convention: a ScriptCall returns a number (the return code: > 0 true, < 0 false,
 * 0 stop the script), or a Promise of one when the function has to wait (a database, a DNS
 * query). Synchronous functions never allocate a Promise; the engine awaits only promises.
 */
import type { CoreServices } from './core-services.js';
import type { MessageContext, RouteKind } from './message-context.js';
import type { ScriptValue } from './script-value.js';
import type { SourcePos } from './token.js';

export type ScriptCall = (ctx: MessageContext) => number | Promise<number>;

/** A problem found while fixing up a call or a parameter; the compiler adds the position. */
export class FixupError extends Error {
  /** The argument at fault (0-based), when it is one argument. */
  readonly argIndex: number | undefined;

  constructor(message: string, argIndex?: number) {
    super(message);
    this.name = 'FixupError';
    this.argIndex = argIndex;
  }
}

/**
 * Argument types:
 * - `str`: a constant string (a number or a bare word is taken as its text);
 * - `int`: a constant integer (a string of digits is accepted, as Kamailio does);
 * - `fmt`: a string that may hold pseudo-variables, evaluated per message;
 * - `int-pv`: an integer constant or a pseudo-variable read as an integer per message;
 * - `pv`: a pseudo-variable (read or written by the function);
 * - `regex`: a constant string compiled once as a case-insensitive regular expression.
 */
export type ArgType = 'str' | 'int' | 'fmt' | 'int-pv' | 'pv' | 'regex';

/** A string argument with pseudo-variables. `constant` is set when it holds none. */
export interface FormatArg {
  readonly constant: string | null;
  eval(ctx: MessageContext): string;
}

/** An integer argument: a constant, or read from a pseudo-variable per message. */
export interface IntArg {
  readonly constant: number | null;
  eval(ctx: MessageContext): number;
}

/** A pseudo-variable, as the engine resolved it. */
export interface PvAccessor {
  get(ctx: MessageContext): ScriptValue;
  /** Absent for read-only variables. */
  readonly set?: (ctx: MessageContext, value: ScriptValue) => void;
  /** All values, for an index (`$(hdr(Via)[1])`, `$(avp(x)[0])`): in order, newest first for AVPs. */
  readonly all?: (ctx: MessageContext) => ScriptValue[];
}

/** The arguments of one call, as fixed up by the engine according to the declared types. */
export interface FixupArgs {
  readonly count: number;
  /** Positions of the arguments (for messages). */
  readonly positions: readonly SourcePos[];
  str(i: number): string;
  int(i: number): number;
  fmt(i: number): FormatArg;
  intArg(i: number): IntArg;
  pv(i: number): PvAccessor;
  regex(i: number): RegExp;
  /** Whether argument `i` was given. */
  has(i: number): boolean;
}

/** What a fixup may ask the engine. */
export interface FixupEnv {
  readonly pos: SourcePos;
  /** Whether a route block of this kind and name exists (`t_on_failure("X")`). */
  hasRoute(kind: RouteKind | 'route', name: string): boolean;
  /** Resolves a pseudo-variable spec given as text (`"$avp(RECEIVED)"`). */
  parsePv(text: string): PvAccessor;
}

export interface ScriptFunction {
  readonly name: string;
  /** Types of the arguments; the maximum count is its length. */
  readonly args: readonly ArgType[];
  /** Minimum number of arguments; defaults to `args.length`. */
  readonly minArgs?: number;
  /** Route kinds the function may appear in (sub-routes count as request routes); all when absent. */
  readonly routes?: readonly RouteKind[];
  /** Core actions (setflag, force_rport …) leave `$rc` as it was. */
  readonly keepsRc?: boolean;
  /** Checks and prepares the arguments; throws FixupError; returns the per-message closure. */
  fixup(args: FixupArgs, env: FixupEnv): ScriptCall;
}

/**
 * A pseudo-variable class: `$name` or `$name(inner)`. `parse` gets the inner text (or null)
 * and returns the accessor, or throws FixupError for a bad inner part.
 */
export interface PvDefinition {
  readonly name: string;
  /** 'none': `$name` only; 'required': `$name(x)` only; 'optional': both. */
  readonly inner: 'none' | 'required' | 'optional';
  parse(inner: string | null, env: PvParseEnv): PvAccessor;
}

export interface PvParseEnv {
  /** Parses a nested pseudo-variable (`$hdr($var(name))`). */
  parsePv(text: string): PvAccessor;
  /** Parses a format string with pseudo-variables (`$avp($fU)`, `$sht(t=>$si)`). */
  parseFormat(text: string): FormatArg;
}

/**
 * What the engine needs from the module system: enabling modules, setting their parameters,
 * and finding functions and pseudo-variables. Methods throw FixupError for unknown names or
 * wrong values; the engine reports them with the position of the directive.
 */
export interface ModuleHost {
  loadModule(name: string, path: string): void;
  setParam(modulePattern: string, param: string, value: number | string): void;
  /** Called once after the global part: creates the module instances. */
  instantiate(core: CoreServices): void;
  findFunction(name: string): ScriptFunction | undefined;
  findPv(name: string): PvDefinition | undefined;
  /** Names of loaded modules, in load order. */
  loaded(): readonly string[];
}
