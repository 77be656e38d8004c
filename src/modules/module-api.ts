/**
 * The module system's contract (DESIGN.md §2). A module is a definition — name, typed
 * parameters with defaults, statistics, dependencies — and a factory that makes one instance
 * per daemon (or per test) from the parameter values the script set. The instance holds the
 * module's state and exports script functions, pseudo-variables, RPC methods and an API for
 * other modules. Nothing is module-level mutable state: two daemons in one process do not
 * share a location table.
 *
 * Life cycle: `loadmodule` enables a definition, `modparam` sets parameters (type-checked),
 * then the registry creates the instances (dependencies first), the compiler fixes up the
 * script's calls against their functions, `init` runs, and the daemon calls `start` when its
 * sockets are up and `stop` on shutdown.
 */
import type { CoreServices } from '../cfg/core-services.js';
import type { PvDefinition, ScriptFunction } from '../cfg/script-api.js';
import type { RpcMethod } from '../rpc/rpc-method.js';
import type { StatsRegistry } from './stats-registry.js';

export type ParamType = 'int' | 'str' | 'any';

export interface ParamSpec {
  readonly type: ParamType;
  /** The value when the script does not set it; null for "unset". */
  readonly default: number | string | null;
  /** The parameter may be given several times; every value is kept (htable's `htable`). */
  readonly multi?: boolean;
  readonly doc: string;
}

export type StatKind = 'counter' | 'gauge';

/** A statistic a module keeps, Kamailio-style `group:name` (group defaults to the module name). */
export interface StatDef {
  readonly name: string;
  readonly kind: StatKind;
  readonly doc: string;
  readonly group?: string;
}

/** The parameter values a module instance was created with. */
export interface ModuleParams {
  int(name: string): number;
  str(name: string): string | null;
  /** Every value given for a `multi` parameter, in script order. */
  all(name: string): readonly (number | string)[];
  /** The raw value: number, string or null. */
  get(name: string): number | string | null;
}

/** The module's logger: `log(level, text)` with Kamailio levels, the module name as source. */
export interface ModuleLogger {
  enabled(level: number): boolean;
  log(level: number, text: string): void;
}

/** What a module factory gets. */
export interface ModuleContext {
  readonly name: string;
  readonly core: CoreServices;
  readonly params: ModuleParams;
  readonly stats: StatsRegistry;
  readonly logger: ModuleLogger;
  /**
   * The exported API of another loaded module (created first if needed), or undefined when
   * that module is not loaded. Narrow it with the exporting module's type guard.
   */
  api(module: string): unknown;
}

export interface ModuleInstance {
  readonly functions?: readonly ScriptFunction[];
  readonly pvs?: readonly PvDefinition[];
  readonly rpc?: readonly RpcMethod[];
  /** What other modules may use (through ModuleContext.api). */
  readonly api?: unknown;
  /** After the script is compiled, before any message. */
  init?(): void | Promise<void>;
  /** When the daemon's sockets are up (timers start here). */
  start?(): void | Promise<void>;
  /** On shutdown (timers stop, state is flushed). */
  stop?(): void | Promise<void>;
}

export interface ModuleDefinition {
  /** The name `loadmodule "<name>.so"` selects. */
  readonly name: string;
  /** One line: what the module does. */
  readonly doc: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly stats?: readonly StatDef[];
  /** Modules that must be loaded too (checked at start-up). */
  readonly depends?: readonly string[];
  /** The schema group whose tables it owns, when it has any. */
  readonly schemaGroup?: string;
  create(ctx: ModuleContext): ModuleInstance;
}
