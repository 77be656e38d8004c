/**
 * The module registry: the modules sipd has, the ones the script loaded, their parameter
 * values, and their instances. It is the ModuleHost the compiler talks to: `loadmodule`
 * (any path; the base name decides), `modparam` (module name as an anchored case-insensitive
 * regular expression, as Kamailio; parameter name and value type checked), and lookups of
 * script functions and pseudo-variables by name.
 */
import type { CoreServices } from '../cfg/core-services.js';
import { FixupError, type ModuleHost, type PvDefinition, type ScriptFunction } from '../cfg/script-api.js';
import type { RpcMethod } from '../rpc/rpc-method.js';
import type { ModuleDefinition, ModuleInstance, ModuleParams, ParamSpec } from './module-api.js';
import { StatsRegistry } from './stats-registry.js';

class Params implements ModuleParams {
  readonly #specs: Readonly<Record<string, ParamSpec>>;
  readonly #values = new Map<string, (number | string)[]>();
  readonly #module: string;

  constructor(module: string, specs: Readonly<Record<string, ParamSpec>>) {
    this.#module = module;
    this.#specs = specs;
  }

  set(name: string, value: number | string): void {
    const spec = this.#specs[name];
    if (spec === undefined || !Object.hasOwn(this.#specs, name)) {
      throw new FixupError(`module ${this.#module} has no parameter "${name}"`, 1);
    }
    if (spec.type === 'int' && typeof value !== 'number') {
      throw new FixupError(`parameter "${name}" of module ${this.#module} takes an integer, found the string ${JSON.stringify(value)}`, 2);
    }
    if (spec.type === 'str' && typeof value !== 'string') {
      throw new FixupError(`parameter "${name}" of module ${this.#module} takes a string, found the number ${String(value)}`, 2);
    }
    const list = this.#values.get(name);
    if (spec.multi === true && list !== undefined) list.push(value);
    else this.#values.set(name, [value]);
  }

  #spec(name: string): ParamSpec {
    const spec = this.#specs[name];
    if (spec === undefined) throw new Error(`module ${this.#module} reads its undeclared parameter "${name}"`);
    return spec;
  }

  get(name: string): number | string | null {
    const spec = this.#spec(name);
    return this.#values.get(name)?.at(-1) ?? spec.default;
  }

  int(name: string): number {
    const v = this.get(name);
    return typeof v === 'number' ? v : v === null ? 0 : Number(v) || 0;
  }

  str(name: string): string | null {
    const v = this.get(name);
    return v === null ? null : String(v);
  }

  all(name: string): readonly (number | string)[] {
    const spec = this.#spec(name);
    return this.#values.get(name) ?? (spec.default === null ? [] : [spec.default]);
  }
}

interface Loaded {
  readonly def: ModuleDefinition;
  readonly params: Params;
  instance?: ModuleInstance;
  creating?: boolean;
}

export class ModuleRegistry implements ModuleHost {
  readonly #available: ReadonlyMap<string, ModuleDefinition>;
  readonly #loaded = new Map<string, Loaded>();
  readonly #functions = new Map<string, ScriptFunction>();
  readonly #pvs = new Map<string, PvDefinition>();
  readonly stats: StatsRegistry;
  #core: CoreServices | undefined;

  constructor(available: readonly ModuleDefinition[], stats: StatsRegistry = new StatsRegistry()) {
    this.#available = new Map(available.map((d) => [d.name, d]));
    this.stats = stats;
  }

  /** Names of every module sipd has. */
  availableModules(): string[] {
    return [...this.#available.keys()].sort();
  }

  loadModule(name: string, path: string): void {
    const base = (path.split('/').at(-1) ?? path).replace(/\.so$/, '') || name;
    const def = this.#available.get(base);
    if (def === undefined) throw new FixupError(`unknown module "${base}" (loadmodule "${path}"): sipd has no module of that name`);
    // As Kamailio: "attempting to load the same module twice" is a configuration error.
    if (this.#loaded.has(base)) throw new FixupError(`module "${base}" is loaded twice (loadmodule "${path}")`);
    this.#loaded.set(base, { def, params: new Params(base, def.params) });
  }

  setParam(modulePattern: string, param: string, value: number | string): void {
    let re: RegExp;
    try {
      re = new RegExp(`^(${modulePattern})$`, 'i');
    } catch {
      throw new FixupError(`modparam: "${modulePattern}" is not a valid module name pattern`, 0);
    }
    const matches = [...this.#loaded.entries()].filter(([n]) => re.test(n));
    if (matches.length === 0) throw new FixupError(`modparam: no loaded module matches "${modulePattern}" (loadmodule it first)`, 0);
    for (const [, m] of matches) m.params.set(param, value);
  }

  loaded(): readonly string[] {
    return [...this.#loaded.keys()];
  }

  isLoaded(name: string): boolean {
    return this.#loaded.has(name);
  }

  /** The instance of a loaded module (after instantiate). */
  instance(name: string): ModuleInstance | undefined {
    return this.#loaded.get(name)?.instance;
  }

  instantiate(core: CoreServices): void {
    this.#core = core;
    for (const [name, m] of this.#loaded) {
      for (const dep of m.def.depends ?? []) {
        if (!this.#loaded.has(dep)) throw new FixupError(`module ${name} needs module ${dep}: loadmodule "${dep}.so" too`);
      }
    }
    for (const name of this.#loaded.keys()) this.#create(name);
    for (const m of this.#loaded.values()) {
      for (const f of m.instance?.functions ?? []) if (!this.#functions.has(f.name)) this.#functions.set(f.name, f);
      for (const p of m.instance?.pvs ?? []) if (!this.#pvs.has(p.name)) this.#pvs.set(p.name, p);
    }
  }

  #create(name: string): ModuleInstance | undefined {
    const m = this.#loaded.get(name);
    const core = this.#core;
    if (m === undefined || core === undefined) return undefined;
    if (m.instance !== undefined) return m.instance;
    if (m.creating === true) throw new FixupError(`modules ${name} and another depend on each other`);
    m.creating = true;
    const group = name;
    for (const s of m.def.stats ?? []) this.stats.register(s.group ?? group, s.name, s.kind, s.doc);
    m.instance = m.def.create({
      name,
      core,
      params: m.params,
      stats: this.stats,
      logger: {
        enabled: (level) => core.logger.enabled(level),
        log: (level, text) => {
          core.logger.log(level, name, text);
        },
      },
      api: (other) => this.#create(other)?.api,
    });
    m.creating = false;
    return m.instance;
  }

  findFunction(name: string): ScriptFunction | undefined {
    return this.#functions.get(name);
  }

  findPv(name: string): PvDefinition | undefined {
    return this.#pvs.get(name);
  }

  /** Every RPC method of the loaded modules. */
  rpcMethods(): RpcMethod[] {
    return [...this.#loaded.values()].flatMap((m) => [...(m.instance?.rpc ?? [])]);
  }

  async init(): Promise<void> {
    for (const m of this.#loaded.values()) await m.instance?.init?.();
  }

  async start(): Promise<void> {
    for (const m of this.#loaded.values()) await m.instance?.start?.();
  }

  /** Stops modules in reverse load order. */
  async stop(): Promise<void> {
    for (const m of [...this.#loaded.values()].reverse()) await m.instance?.stop?.();
  }
}
