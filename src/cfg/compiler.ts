/**
 * Compiles a parsed routing script into closures, once, at start-up. The global part is
 * checked and applied (global parameters against their table, `loadmodule`, `modparam`), the
 * modules are instantiated, then every route body becomes one closure per statement: no tree
 * is walked per message and no text is evaluated. Every semantic problem is collected with its
 * file:line:column and reported together (E_CFG_SEMANTIC).
 *
 * Statement semantics follow Kamailio: a function's return code > 0 is true, < 0 false, and
 * 0 stops the script; `return` leaves a route (value 1 by default; `return 0` acts as exit);
 * `exit` stops all routes; `drop` stops and marks the message dropped; `while` is bounded by
 * `max_while_loops`; `switch` falls through C-style until `break`.
 */
import type {
  AssignStatement,
  CallExpr,
  Config,
  ParamValue,
  RouteBlock,
  RouteCallExpr,
  RouteType,
  Statement,
  SwitchStatement,
} from './ast.js';
import { CfgError } from './cfg-error.js';
import { ExpressionCompiler } from './compile-expression.js';
import { CORE_FUNCTIONS } from './core-functions.js';
import type { CoreServices } from './core-services.js';
import { fixupArgs } from './fixup-args.js';
import { canonicalParamName, checkGlobalParam } from './global-params.js';
import type { MessageContext, RouteKind } from './message-context.js';
import { compilePosixRegex } from './posix-regex.js';
import { PvResolver } from './pv-spec.js';
import { FixupError, type FixupEnv, type ModuleHost, type PvAccessor, type PvDefinition, type ScriptFunction } from './script-api.js';
import { toInt, toStr, type ScriptValue } from './script-value.js';
import { BREAK, DROP, EXIT, NEXT, RETURN, ScriptStop, type Expr, type Signal, type Stmt } from './signals.js';
import type { SourcePos } from './token.js';

/** Several semantic errors; the message lists them all, `pos` is the first one's. */
export class CfgSemanticErrors extends CfgError {
  readonly errors: readonly CfgError[];

  constructor(errors: readonly CfgError[]) {
    const first = errors[0];
    if (first === undefined) throw new Error('CfgSemanticErrors needs at least one error');
    super('E_CFG_SEMANTIC', first.pos, errors.length === 1 ? first.detail : `${first.detail}\n${errors.slice(1).map((e) => e.message).join('\n')}`);
    this.errors = errors;
  }
}

export interface RunResult {
  /** 1 normally; the value of exit/return; 0 after drop or a function that returned 0. */
  readonly code: number;
  readonly dropped: boolean;
}

export interface CompileOptions {
  readonly host: ModuleHost;
  readonly core: CoreServices;
}

/** Maximum nesting of route() calls (Kamailio's max_recursive_level). */
const MAX_ROUTE_DEPTH = 256;
const DEFAULT_MAX_WHILE_LOOPS = 100;

function routeKey(type: RouteType | 'route', name: string | undefined): string {
  return `${type}:${name ?? ''}`;
}

function kindOf(type: RouteType): RouteKind {
  switch (type) {
    case 'request':
    case 'route':
    case 'error':
    case 'local':
    case 'timer':
      return 'request';
    case 'startup':
      return 'startup';
    case 'failure':
      return 'failure';
    case 'onreply':
      return 'onreply';
    case 'reply':
      return 'reply';
    case 'branch':
      return 'branch';
    case 'onsend':
      return 'onsend';
    case 'event':
      return 'event';
  }
}

function then<T, R>(v: T | Promise<T>, f: (v: T) => R | Promise<R>): R | Promise<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}

/** The compiled script: run a route on a message context. */
export class CompiledScript {
  /** Global parameters by canonical name, every occurrence in file order. */
  readonly settings: ReadonlyMap<string, readonly ParamValue[]>;
  /** Cfg-framework variables `group.name`, changeable at run time. */
  readonly cfgVars: Map<string, string | number>;
  readonly modules: readonly string[];
  readonly #routes: ReadonlyMap<string, Stmt>;
  readonly #pv: PvResolver;

  constructor(settings: ReadonlyMap<string, readonly ParamValue[]>, cfgVars: Map<string, string | number>, modules: readonly string[], routes: ReadonlyMap<string, Stmt>, pv: PvResolver) {
    this.settings = settings;
    this.cfgVars = cfgVars;
    this.modules = modules;
    this.#routes = routes;
    this.#pv = pv;
  }

  /**
   * Resolves a pseudo-variable given in a module parameter (acc's `log_extra`), for modules
   * that read their parameters' variables outside a function fixup. Throws FixupError.
   */
  parsePv(text: string): PvAccessor {
    return this.#pv.parsePv(text);
  }

  /** The last value of a numeric global parameter. */
  intSetting(name: string): number | undefined {
    const v = this.settings.get(canonicalParamName(name))?.at(-1);
    return v?.type === 'number' ? v.value : undefined;
  }

  hasRoute(type: RouteType, name?: string): boolean {
    return this.#routes.has(routeKey(type, name));
  }

  /** Names of the routes of a type. */
  routeNames(type: RouteType): string[] {
    const prefix = `${type}:`;
    return [...this.#routes.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** Runs request_route. */
  runRequest(ctx: MessageContext): RunResult | Promise<RunResult> {
    return this.run('request', undefined, ctx);
  }

  /** Runs a route; a missing route is a no-op with code 1. */
  run(type: RouteType, name: string | undefined, ctx: MessageContext): RunResult | Promise<RunResult> {
    const route = this.#routes.get(routeKey(type, name));
    if (route === undefined) return { code: 1, dropped: false };
    const finish = (s: Signal): RunResult => ({
      code: s === DROP ? 0 : s === RETURN || s === EXIT ? ctx.retValue : 1,
      dropped: ctx.dropped,
    });
    const stopped = (e: unknown): RunResult => {
      if (e instanceof ScriptStop) return { code: 0, dropped: ctx.dropped };
      throw e;
    };
    let s: Signal | Promise<Signal>;
    try {
      s = route(ctx);
    } catch (e) {
      return stopped(e);
    }
    return s instanceof Promise ? s.then(finish, stopped) : finish(s);
  }
}

interface Holder {
  run: Stmt;
}

class Compiler {
  readonly #host: ModuleHost;
  readonly #core: CoreServices;
  readonly errors: CfgError[] = [];
  readonly #holders = new Map<string, Holder>();
  readonly #cfgVars = new Map<string, string | number>();
  readonly #pv: PvResolver;
  readonly #expr: ExpressionCompiler;
  #maxWhile = DEFAULT_MAX_WHILE_LOOPS;
  #kind: RouteKind = 'request';

  constructor(options: CompileOptions) {
    this.#host = options.host;
    this.#core = options.core;
    const sel: PvDefinition = {
      name: 'sel',
      inner: 'required',
      parse: (inner) => {
        const get = this.#select(inner ?? '');
        return { get };
      },
    };
    this.#pv = new PvResolver((name) => (name === 'sel' ? sel : this.#host.findPv(name)));
    this.#expr = new ExpressionCompiler({
      pv: this.#pv,
      compileCallValue: (e) => this.#callValue(e),
      select: (text) => this.#select(text.replace(/^@/, '')),
    });
  }

  #fail(pos: SourcePos, detail: string): void {
    this.errors.push(new CfgError('E_CFG_SEMANTIC', pos, detail));
  }

  #select(text: string): (ctx: MessageContext) => ScriptValue {
    const m = /^cfg_get\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$/.exec(text);
    if (m === null) throw new FixupError(`unsupported select ${text} (only cfg_get.group.name is known)`);
    const key = `${m[1] ?? ''}.${m[2] ?? ''}`;
    if (!this.#cfgVars.has(key)) throw new FixupError(`unknown cfg variable ${key} in select ${text}`);
    const vars = this.#cfgVars;
    return () => {
      const v = vars.get(key);
      return v === undefined ? null : typeof v === 'number' ? String(v) : v;
    };
  }

  compile(ast: Config): CompiledScript {
    const settings = new Map<string, ParamValue[]>();
    const failedModules = new Set<string>();
    for (const item of ast.items) {
      switch (item.kind) {
        case 'param': {
          const problem = checkGlobalParam(item);
          if (problem !== null) {
            this.#fail(item.pos, problem);
            break;
          }
          const name = canonicalParamName(item.name);
          const list = settings.get(name);
          if (list === undefined) settings.set(name, [item.value]);
          else list.push(item.value);
          if (name === 'max_while_loops' && item.value.type === 'number') this.#maxWhile = item.value.value;
          break;
        }
        case 'cfgvar':
          this.#cfgVars.set(`${item.group}.${item.name}`, item.value.type === 'number' ? item.value.value : item.value.value);
          break;
        case 'loadmodule':
          try {
            this.#host.loadModule(item.module, item.path);
          } catch (e) {
            failedModules.add(item.module.toLowerCase());
            this.#catch(e, item.pos);
          }
          break;
        case 'loadpath':
        case 'flags':
          break;
        case 'cfgengine':
          this.#fail(item.pos, `cfgengine "${item.engine}" is not supported: sipd runs the native routing language only`);
          break;
        case 'modparam': {
          if (failedModules.has(item.module.toLowerCase())) break;
          const v = item.value;
          try {
            this.#host.setParam(item.module, item.param, v.type === 'number' ? v.value : v.value);
          } catch (e) {
            const at = e instanceof FixupError ? e.argIndex : undefined;
            this.#catch(e, at === 0 ? item.modulePos : at === 2 ? v.pos : item.paramPos);
          }
          break;
        }
        case 'route':
          break;
      }
    }
    try {
      this.#host.instantiate(this.#core);
    } catch (e) {
      this.#catch(e, { file: ast.file, line: 1, column: 1 });
    }

    // Route names first, so route(X) may name a route defined further down.
    const blocks: RouteBlock[] = [];
    for (const item of ast.items) {
      if (item.kind !== 'route') continue;
      const type = item.type === 'route' && item.name === undefined ? 'request' : item.type;
      const name = type === 'request' ? undefined : item.name;
      const key = routeKey(type, name);
      if (this.#holders.has(key)) {
        this.#fail(item.namePos ?? item.pos, `route ${item.keyword}${name === undefined ? '' : `[${name}]`} is defined twice`);
        continue;
      }
      this.#holders.set(key, { run: () => NEXT });
      blocks.push(item);
    }
    const routes = new Map<string, Stmt>();
    for (const b of blocks) {
      const type = b.type === 'route' && b.name === undefined ? 'request' : b.type;
      const name = type === 'request' ? undefined : b.name;
      this.#kind = kindOf(type);
      const body = this.#seq(b.body);
      const holder = this.#holders.get(routeKey(type, name));
      if (holder !== undefined) holder.run = body;
      routes.set(routeKey(type, name), body);
    }
    return new CompiledScript(settings, this.#cfgVars, this.#host.loaded(), routes, this.#pv);
  }

  #catch(e: unknown, pos: SourcePos): void {
    if (e instanceof FixupError) this.#fail(pos, e.message);
    else if (e instanceof CfgError) this.errors.push(e);
    else throw e;
  }

  // ------------------------------------------------------------------ statements

  #seq(stmts: readonly Statement[]): Stmt {
    const list: Stmt[] = [];
    for (const s of stmts) {
      try {
        list.push(this.#statement(s));
      } catch (e) {
        this.#catch(e, s.pos);
      }
    }
    const n = list.length;
    if (n === 0) return () => NEXT;
    if (n === 1) {
      const only = list[0];
      if (only !== undefined) return only;
    }
    const run = (ctx: MessageContext, from: number): Signal | Promise<Signal> => {
      for (let i = from; i < n; i++) {
        const st = list[i];
        if (st === undefined) continue;
        const r = st(ctx);
        if (r instanceof Promise) return r.then((s) => (s !== NEXT ? s : run(ctx, i + 1)));
        if (r !== NEXT) return r;
      }
      return NEXT;
    };
    return (ctx) => run(ctx, 0);
  }

  #statement(s: Statement): Stmt {
    switch (s.kind) {
      case 'block':
        return this.#seq(s.body);
      case 'if': {
        const cond = this.#expr.compile(s.condition);
        const yes = this.#seq(s.then);
        const no = s.else === undefined ? null : this.#seq(s.else);
        return (ctx) => {
          const v = cond(ctx);
          if (v instanceof Promise) return v.then((x) => (toInt(x) > 0 ? yes(ctx) : no === null ? NEXT : no(ctx)));
          return toInt(v) > 0 ? yes(ctx) : no === null ? NEXT : no(ctx);
        };
      }
      case 'while':
        return this.#while(this.#expr.compile(s.condition), this.#seq(s.body), s.pos);
      case 'switch':
        return this.#switch(s);
      case 'return': {
        const value = s.value === undefined ? null : this.#expr.compile(s.value);
        return (ctx) => {
          if (value === null) {
            ctx.retValue = 1;
            ctx.rc = 1;
            return RETURN;
          }
          return then(value(ctx), (v) => {
            const n = toInt(v);
            ctx.retValue = n;
            ctx.rc = n;
            return RETURN;
          });
        };
      }
      case 'exit': {
        const value = s.value === undefined ? null : this.#expr.compile(s.value);
        return (ctx) => {
          if (value === null) {
            ctx.retValue = 1;
            return EXIT;
          }
          return then(value(ctx), (v) => {
            ctx.retValue = toInt(v);
            return EXIT;
          });
        };
      }
      case 'drop':
        return (ctx) => {
          ctx.dropped = true;
          ctx.retValue = 0;
          return DROP;
        };
      case 'break':
        return () => BREAK;
      case 'assign':
        return this.#assign(s);
      case 'call':
        return s.call.kind === 'route-call' ? this.#routeCall(s.call) : this.#callStatement(s.call);
    }
  }

  #while(cond: Expr, body: Stmt, pos: SourcePos): Stmt {
    const max = this.#maxWhile;
    const where = `${pos.file}:${String(pos.line)}`;
    const loop = (ctx: MessageContext, start: number): Signal | Promise<Signal> => {
      for (let i = start; ; i++) {
        if (i >= max) {
          ctx.core.logger.log(-1, '<core>', `runaway while (${String(max)} iterations) at ${where}, leaving the loop`);
          return NEXT;
        }
        const c = cond(ctx);
        if (c instanceof Promise) {
          return c.then((v) => {
            if (toInt(v) <= 0) return NEXT;
            return then(body(ctx), (s) => (s === BREAK ? NEXT : s !== NEXT ? s : loop(ctx, i + 1)));
          });
        }
        if (toInt(c) <= 0) return NEXT;
        const s = body(ctx);
        if (s instanceof Promise) return s.then((x) => (x === BREAK ? NEXT : x !== NEXT ? x : loop(ctx, i + 1)));
        if (s === BREAK) return NEXT;
        if (s !== NEXT) return s;
      }
    };
    return (ctx) => loop(ctx, 0);
  }

  #switch(s: SwitchStatement): Stmt {
    const subject = this.#expr.compile(s.subject);
    const bodies: Stmt[] = [];
    const tests: ((v: ScriptValue) => boolean)[] = [];
    let defaultIndex = -1;
    s.cases.forEach((c, i) => {
      bodies.push(this.#seq(c.body));
      if (c.label === undefined) {
        defaultIndex = i;
        tests.push(() => false);
        return;
      }
      const label = c.label;
      let constant: ScriptValue;
      if (label.kind === 'number') constant = label.value;
      else if (label.kind === 'string') constant = label.value;
      else if (label.kind === 'unary' && label.op === '-' && label.operand.kind === 'number') constant = -label.operand.value;
      else throw new CfgError('E_CFG_SEMANTIC', label.pos, 'expected a constant case label');
      if (c.regex) {
        const re = compilePosixRegex(toStr(constant));
        tests.push((v) => re.test(toStr(v)));
      } else if (typeof constant === 'number') {
        const n = constant;
        tests.push((v) => toInt(v) === n);
      } else {
        const str = constant;
        tests.push((v) => toStr(v) === str);
      }
    });
    const n = bodies.length;
    const runFrom = (ctx: MessageContext, from: number): Signal | Promise<Signal> => {
      for (let i = from; i < n; i++) {
        const b = bodies[i];
        if (b === undefined) continue;
        const r = b(ctx);
        if (r instanceof Promise) return r.then((x) => (x === BREAK ? NEXT : x !== NEXT ? x : runFrom(ctx, i + 1)));
        if (r === BREAK) return NEXT;
        if (r !== NEXT) return r;
      }
      return NEXT;
    };
    const pick = (ctx: MessageContext, v: ScriptValue): Signal | Promise<Signal> => {
      for (let i = 0; i < n; i++) if (tests[i]?.(v) === true) return runFrom(ctx, i);
      return defaultIndex >= 0 ? runFrom(ctx, defaultIndex) : NEXT;
    };
    return (ctx) => then(subject(ctx), (v) => pick(ctx, v));
  }

  #assign(s: AssignStatement): Stmt {
    let target;
    try {
      target = this.#pv.parsePv(s.target.text);
    } catch (e) {
      if (e instanceof FixupError) throw new CfgError('E_CFG_SEMANTIC', s.target.pos, e.message);
      throw e;
    }
    const set = target.set;
    if (set === undefined) throw new CfgError('E_CFG_SEMANTIC', s.target.pos, `${s.target.text} is read-only and cannot be assigned`);
    let value = this.#expr.compile(s.value);
    if (s.op === '+=') {
      const get = target.get.bind(target);
      const rhs = value;
      value = (ctx) =>
        then(rhs(ctx), (r) => {
          const l = get(ctx);
          return typeof l === 'string' ? l + toStr(r) : toInt(l) + toInt(r);
        });
    }
    const v = value;
    return (ctx) => {
      const x = v(ctx);
      if (x instanceof Promise) {
        return x.then((y) => {
          set(ctx, y);
          return NEXT;
        });
      }
      set(ctx, x);
      return NEXT;
    };
  }

  // ------------------------------------------------------------------ calls

  #findFunction(name: string): ScriptFunction | undefined {
    return CORE_FUNCTIONS.get(name) ?? this.#host.findFunction(name);
  }

  /** Fixes up a call; returns the per-message closure and whether it keeps $rc. */
  #fixCall(e: CallExpr): { call: (ctx: MessageContext) => number | Promise<number>; keepsRc: boolean } {
    const fn = this.#findFunction(e.name);
    if (fn === undefined) {
      throw new CfgError('E_CFG_SEMANTIC', e.pos, `unknown function ${e.name}() (not a core function, and no loaded module exports it)`);
    }
    const min = fn.minArgs ?? fn.args.length;
    const max = fn.args.length;
    if (e.args.length < min || e.args.length > max) {
      const want = min === max ? String(min) : `${String(min)} to ${String(max)}`;
      throw new CfgError('E_CFG_SEMANTIC', e.pos, `${e.name}() takes ${want} argument${max === 1 && min === 1 ? '' : 's'}, found ${String(e.args.length)}`);
    }
    if (fn.routes !== undefined && !fn.routes.includes(this.#kind)) {
      throw new CfgError('E_CFG_SEMANTIC', e.pos, `${e.name}() cannot be used in a ${this.#kind} route`);
    }
    const env: FixupEnv = {
      pos: e.pos,
      hasRoute: (kind, name) => this.#holders.has(routeKey(kind === 'request' ? 'route' : kind, name)),
      parsePv: (text) => this.#pv.parsePv(text),
    };
    try {
      const args = fixupArgs(e.name, fn.args, e.args, this.#pv);
      return { call: fn.fixup(args, env), keepsRc: fn.keepsRc === true };
    } catch (err) {
      if (err instanceof FixupError) {
        const at = err.argIndex === undefined ? e.pos : (e.args[err.argIndex]?.pos ?? e.pos);
        throw new CfgError('E_CFG_SEMANTIC', at, err.message);
      }
      throw err;
    }
  }

  #callStatement(e: CallExpr): Stmt {
    const { call, keepsRc } = this.#fixCall(e);
    const done = (ctx: MessageContext, r: number): Signal => {
      if (!keepsRc) ctx.rc = r;
      return r === 0 ? EXIT : NEXT;
    };
    return (ctx) => {
      ctx.prevError = ctx.error;
      ctx.error = 0;
      const r = call(ctx);
      if (typeof r === 'number') {
        if (!keepsRc) ctx.rc = r;
        return r === 0 ? EXIT : NEXT;
      }
      return r.then((x) => done(ctx, x));
    };
  }

  #callValue(e: CallExpr | RouteCallExpr): Expr {
    if (e.kind === 'route-call') {
      const st = this.#routeCall(e);
      return (ctx) =>
        then(st(ctx), (s) => {
          if (s === EXIT || s === DROP) throw new ScriptStop();
          return ctx.rc > 0 ? 1 : 0;
        });
    }
    const { call, keepsRc } = this.#fixCall(e);
    const value = (ctx: MessageContext, r: number): number => {
      if (!keepsRc) ctx.rc = r;
      if (r === 0) throw new ScriptStop();
      return r > 0 ? 1 : 0;
    };
    return (ctx) => {
      ctx.prevError = ctx.error;
      ctx.error = 0;
      const r = call(ctx);
      return typeof r === 'number' ? value(ctx, r) : r.then((x) => value(ctx, x));
    };
  }

  #routeCall(e: RouteCallExpr): Stmt {
    const after = (ctx: MessageContext, s: Signal): Signal => {
      ctx.routeDepth--;
      if (s === EXIT || s === DROP) return s;
      const v = s === RETURN ? ctx.retValue : 1;
      ctx.rc = v;
      return v === 0 ? EXIT : NEXT;
    };
    const enter = (ctx: MessageContext, holder: Holder): Signal | Promise<Signal> => {
      if (ctx.routeDepth >= MAX_ROUTE_DEPTH) {
        ctx.core.logger.log(-1, '<core>', `too many nested route() calls (${String(MAX_ROUTE_DEPTH)})`);
        ctx.rc = -1;
        return NEXT;
      }
      ctx.routeDepth++;
      const s = holder.run(ctx);
      return s instanceof Promise ? s.then((x) => after(ctx, x)) : after(ctx, s);
    };
    if (e.name !== undefined) {
      const holder = this.#holders.get(routeKey('route', e.name));
      if (holder === undefined) throw new CfgError('E_CFG_SEMANTIC', e.pos, `route(${e.name}) names a route that is not defined (no route[${e.name}] block)`);
      return (ctx) => enter(ctx, holder);
    }
    const target = e.target === undefined ? null : this.#expr.compile(e.target);
    if (target === null) throw new CfgError('E_CFG_SEMANTIC', e.pos, 'route() needs a route name');
    const holders = this.#holders;
    return (ctx) =>
      then(target(ctx), (v) => {
        const holder = holders.get(routeKey('route', toStr(v)));
        if (holder === undefined) {
          ctx.core.logger.log(-1, '<core>', `route(${toStr(v)}): no such route`);
          ctx.rc = -1;
          return NEXT;
        }
        return enter(ctx, holder);
      });
  }
}

/** Compiles a parsed script; throws CfgSemanticErrors listing every problem found. */
export function compileScript(ast: Config, options: CompileOptions): CompiledScript {
  const c = new Compiler(options);
  const script = c.compile(ast);
  if (c.errors.length > 0) {
    const sorted = [...c.errors].sort((a, b) => (a.pos.file === b.pos.file ? a.pos.line - b.pos.line || a.pos.column - b.pos.column : 0));
    throw new CfgSemanticErrors(sorted);
  }
  return script;
}
