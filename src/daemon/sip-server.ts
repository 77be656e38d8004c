/**
 * One sipd server: the routing script compiled against the modules, the transports it asks
 * for, the stateful proxy core as their receive path, and the control sockets (ctl,
 * jsonrpcs). `load` does everything that can fail on the script (so `sipd -c` runs it alone);
 * `start` binds; `stop` ends it cleanly.
 */
import { compileScript, type CompiledScript } from '../cfg/compiler.js';
import { MessageContext, WorkerState } from '../cfg/message-context.js';
import { parseConfig, type ParseConfigResult } from '../cfg/parse-config.js';
import { AppError } from '../errors.js';
import { BUILTIN_MODULES } from '../modules/builtin-modules.js';
import { isControlParams } from '../modules/ctl/index.js';
import { ModuleRegistry } from '../modules/registry.js';
import { RpcRegistry, RpcServerSet, rpcServerConfigFromModparams } from '../rpc/server/index.js';
import type { SipRequest, SipResponse } from '../sip/index.js';
import { ProxyCore, type ProxySettings } from '../sip/proxy/index.js';
import type { TimerSettings } from '../sip/transaction/index.js';
import { TcpTransport, TransportSet, UdpTransport, type Transport } from '../sip/transport/index.js';
import type { ReceiveInfo } from '../sip/transport-types.js';
import { coreRpc, versionString } from './core-rpc.js';
import { DaemonCoreServices } from './daemon-core-services.js';
import { socketPlan } from './listen-config.js';
import { DaemonLogger } from './logger.js';

export interface ServerOptions {
  readonly cfgFile: string;
  /** `-A` defines: NAME or NAME=VALUE. */
  readonly defines: readonly string[];
  /** Where default control sockets go (RUNDIR). */
  readonly runDir: string;
  /** -E: log to stderr. */
  readonly logStderr: boolean;
  readonly version: string;
}

/** A module API that wants the proxy core once it exists (tm). */
interface ProxyAware {
  attachProxy(proxy: ProxyCore, script: CompiledScript, worker: WorkerState): void;
}

function isProxyAware(x: unknown): x is ProxyAware {
  return typeof x === 'object' && x !== null && 'attachProxy' in x && typeof x.attachProxy === 'function';
}

/** A module API that sets the proxy core's parameters (tm's modparams). */
interface ProxySettingsSource {
  proxySettings(): Partial<ProxySettings>;
  timerSettings(): Partial<TimerSettings>;
}

function isProxySettingsSource(x: unknown): x is ProxySettingsSource {
  return typeof x === 'object' && x !== null && 'proxySettings' in x && typeof x.proxySettings === 'function' && 'timerSettings' in x && typeof x.timerSettings === 'function';
}

/** Socket errors at start-up as one clear line: which address, and why. */
function listenError(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (err instanceof Error && (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'EPERM')) {
    const why = code === 'EADDRINUSE' ? 'the address is in use (another server running?)' : code === 'EADDRNOTAVAIL' ? 'the address is not one of this machine' : 'permission denied';
    return new AppError('E_LISTEN', `cannot listen: ${err.message.replace(/^\w+ /, '')}: ${why}`, { cause: err });
  }
  return err;
}

export class SipServer {
  readonly logger: DaemonLogger;
  readonly script: CompiledScript;
  readonly modules: ModuleRegistry;
  readonly core: DaemonCoreServices;
  readonly transports: TransportSet;
  readonly proxy: ProxyCore;
  readonly rpc: RpcServerSet;
  readonly warnings: ParseConfigResult['warnings'];
  readonly startedAt = new Date();
  readonly #worker = new WorkerState();
  #accepting = true;
  #errors = 0;

  private constructor(parts: {
    logger: DaemonLogger;
    script: CompiledScript;
    modules: ModuleRegistry;
    core: DaemonCoreServices;
    transports: TransportSet;
    warnings: ParseConfigResult['warnings'];
    runDir: string;
    version: string;
  }) {
    this.logger = parts.logger;
    this.script = parts.script;
    this.modules = parts.modules;
    this.core = parts.core;
    this.transports = parts.transports;
    this.warnings = parts.warnings;
    // tm's modparams (fr_timer, failure_reply_mode, retr_timer1 …) become the core's settings.
    let tmSettings: Partial<ProxySettings> = {};
    let tmTimers: Partial<TimerSettings> = {};
    for (const name of parts.modules.loaded()) {
      const api = parts.modules.instance(name)?.api;
      if (isProxySettingsSource(api)) {
        tmSettings = api.proxySettings();
        tmTimers = api.timerSettings();
      }
    }
    this.proxy = new ProxyCore({
      transports: parts.transports,
      timers: tmTimers,
      settings: { ...tmSettings, serverHeader: parts.core.serverHeader },
      hooks: {
        onRequest: (req, info) => this.#onRequest(req, info),
        onResponse: (res, info) => this.#onResponse(res, info),
      },
      onError: (err) => {
        this.#errors++;
        this.logger.log(-1, 'core', `internal error while handling a message: ${err instanceof Error ? err.message : String(err)}`);
      },
    });
    for (const name of parts.modules.loaded()) {
      const api = parts.modules.instance(name)?.api;
      if (isProxyAware(api)) api.attachProxy(this.proxy, parts.script, this.#worker);
    }
    const registry = new RpcRegistry();
    registry.register(
      coreRpc({
        version: parts.version,
        startedAt: this.startedAt,
        processes: () => this.#processes(),
        cfgVars: parts.script.cfgVars,
        aliases: () => parts.core.aliases(),
        logLevel: () => this.logger.level,
        setLogLevel: (level) => {
          this.logger.level = level;
        },
        tcp: () => {
          const tcp = parts.transports.transports.filter((t): t is TcpTransport => t instanceof TcpTransport);
          return {
            readers: tcp.length,
            maxConnections: tcp.reduce((n, t) => n + t.maxConnections, 0),
            openedConnections: tcp.reduce((n, t) => n + t.connectionCount, 0),
            writeQueuedBytes: tcp.reduce((n, t) => n + t.queuedBytes, 0),
          };
        },
      }),
      'core',
    );
    // Each module's methods are registered under its own name, so duplicates name the culprit.
    for (const name of parts.modules.loaded()) {
      const methods = parts.modules.instance(name)?.rpc ?? [];
      if (methods.length > 0) registry.register(methods, name);
    }
    const params = (module: string) => {
      const api = parts.modules.instance(module)?.api;
      return isControlParams(api) ? api.params : undefined;
    };
    this.rpc = new RpcServerSet(registry, rpcServerConfigFromModparams(params('ctl'), params('jsonrpcs'), { runDir: parts.runDir }), { logger: parts.logger.rpcLogger('ctl') });
  }

  /** Reads and compiles the script and prepares (but does not bind) every socket. Throws CfgError on a bad script. */
  static async load(opts: ServerOptions): Promise<SipServer> {
    const parsed = parseConfig(opts.cfgFile, { defines: opts.defines });
    // The log must exist before compiling (modules log at fixup), so these few are read from the tree.
    const globals = parsed.ast.items.flatMap((i) => (i.kind === 'param' ? [i] : [])).reverse();
    const debugParam = globals.find((p) => p.name === 'debug' || p.name === 'log_level');
    const level = debugParam?.value.type === 'number' ? debugParam.value.value : 0;
    const stderrParam = globals.find((p) => p.name === 'log_stderror');
    const toStderr = opts.logStderr || (stderrParam?.value.type === 'number' && stderrParam.value.value !== 0);
    const logger = await DaemonLogger.open(level, toStderr);
    const serverHeaderParam = globals.find((p) => p.name === 'server_header');
    // server_signature=no: locally generated replies carry no Server header at all, as in Kamailio.
    const signatureParam = globals.find((p) => p.name === 'server_signature');
    const signature = !(signatureParam?.value.type === 'number' && signatureParam.value.value === 0);
    const serverHeader = !signature
      ? null
      : serverHeaderParam?.value.type === 'string'
        ? serverHeaderParam.value.value.replace(/^Server:\s*/i, '')
        : `sipd (${versionString(opts.version).slice(5).trim()})`;
    const modules = new ModuleRegistry(BUILTIN_MODULES);
    const core = new DaemonCoreServices(logger, serverHeader, []);
    const script = compileScript(parsed.ast, { host: modules, core });
    const plan = socketPlan(script.settings);
    core.setAliases(plan.aliases);
    const lifetime = script.intSetting('tcp_connection_lifetime');
    const maxConnections = script.intSetting('tcp_max_connections');
    const transports = new TransportSet(
      plan.listen.map((spec): Transport =>
        spec.proto === 'udp'
          ? new UdpTransport(spec, { recvBufferSize: 4 * 1024 * 1024 })
          : new TcpTransport(spec, { ...(lifetime === undefined ? {} : { connectionLifetimeMs: lifetime * 1000 }), ...(maxConnections === undefined ? {} : { maxConnections }) }),
      ),
    );
    return new SipServer({ logger, script, modules, core, transports, warnings: parsed.warnings, runDir: opts.runDir, version: opts.version });
  }

  /** Binds the SIP sockets and the control sockets and starts the modules. All or nothing. */
  async start(): Promise<void> {
    await this.modules.init();
    try {
      await this.proxy.start();
    } catch (err) {
      throw listenError(err);
    }
    this.core.attach(this.transports);
    try {
      await this.modules.start();
      await this.rpc.start();
    } catch (err) {
      await this.modules.stop();
      await this.proxy.stop();
      throw listenError(err);
    }
    for (const l of this.transports.listeners) this.logger.log(2, 'core', `listening on ${l.id}`);
  }

  /**
   * Stops taking new requests, lets transactions in flight finish (up to `graceMs`), then
   * closes everything. Modules flush their state in their stop().
   */
  async stop(graceMs = 5000): Promise<void> {
    this.#accepting = false;
    const deadline = Date.now() + graceMs;
    while (this.proxy.layer.pendingCount() > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.rpc.stop();
    await this.modules.stop();
    await this.proxy.stop();
  }

  get internalErrors(): number {
    return this.#errors;
  }

  #processes(): string[] {
    const out = ['main process - attendant (event loop: SIP, timers, control sockets)'];
    for (const l of this.transports.listeners) out.push(`${l.proto} receiver sock=${l.address}:${String(l.port)}`);
    return out;
  }

  #onRequest(req: SipRequest, info: ReceiveInfo): void | Promise<void> {
    if (!this.#accepting) {
      // Shutting down: new requests get 503, in-flight transactions carry on.
      if (req.method !== 'ACK') this.proxy.replyStateless(req, info, 503, 'Service Unavailable (shutting down)');
      return;
    }
    const ctx = new MessageContext(req, info, this.core, this.#worker);
    const result = this.script.runRequest(ctx);
    if (result instanceof Promise) return result.then(() => undefined);
    return undefined;
  }

  #onResponse(res: SipResponse, info: ReceiveInfo): boolean | undefined {
    if (!this.script.hasRoute('reply')) return undefined;
    const ctx = new MessageContext(res, info, this.core, this.#worker, 'reply');
    const result = this.script.run('reply', undefined, ctx);
    if (result instanceof Promise) {
      this.logger.log(0, 'core', 'reply_route waited for an asynchronous function; the reply is forwarded without waiting');
      return undefined;
    }
    return !result.dropped;
  }
}
