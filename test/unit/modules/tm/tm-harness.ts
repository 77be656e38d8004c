/**
 * The sipd pipeline in-process for tm tests: a script compiled against the built-in modules,
 * the proxy core on a loopback network with request_route as its request hook, tm (and acc)
 * attached as the daemon attaches them, and three SIP agents (caller, two callees).
 */
import { compileScript, type CompiledScript } from '../../../../src/cfg/compiler.js';
import { MessageContext, WorkerState } from '../../../../src/cfg/message-context.js';
import { MemoryLogger } from '../../../../src/cfg/memory-core-services.js';
import { parseConfigText } from '../../../../src/cfg/parse-config.js';
import { DaemonCoreServices } from '../../../../src/daemon/daemon-core-services.js';
import { BUILTIN_MODULES } from '../../../../src/modules/builtin-modules.js';
import { ModuleRegistry } from '../../../../src/modules/registry.js';
import { TmApi } from '../../../../src/modules/tm/index.js';
import { LoopbackNetwork, LoopbackTransport, ProxyCore, TransportSet } from '../../../../src/sip/index.js';
import { SipAgent } from '../../sip/proxy/sip-agent.js';

export interface TmHarness {
  readonly script: CompiledScript;
  readonly registry: ModuleRegistry;
  readonly proxy: ProxyCore;
  readonly tm: TmApi;
  readonly logger: MemoryLogger;
  readonly uac: SipAgent;
  readonly uas: SipAgent;
  readonly uas2: SipAgent;
  readonly errors: unknown[];
  /** The proxy's address as `host:port`. */
  readonly hostport: string;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function tmHarness(cfg: string): Promise<TmHarness> {
  const net = new LoopbackNetwork();
  const logger = new MemoryLogger(3);
  const core = new DaemonCoreServices(logger, 'sipd-test', []);
  const registry = new ModuleRegistry(BUILTIN_MODULES);
  const script = compileScript(parseConfigText('tm-test.cfg', cfg).ast, { host: registry, core });
  const tmAny = registry.instance('tm')?.api;
  if (!(tmAny instanceof TmApi)) throw new Error('the cfg must load tm');
  const tm = tmAny;
  const transports = new TransportSet([new LoopbackTransport(net, { proto: 'udp', address: '127.0.0.1', port: 5060 })]);
  const worker = new WorkerState();
  const errors: unknown[] = [];
  const proxy = new ProxyCore({
    transports,
    tickMs: 10,
    timers: tm.timerSettings(),
    settings: { ...tm.proxySettings(), serverHeader: 'sipd-test' },
    hooks: {
      onRequest: (req, info) => {
        const r = script.runRequest(new MessageContext(req, info, core, worker));
        return r instanceof Promise ? r.then(() => undefined) : undefined;
      },
    },
    onError: (e) => errors.push(e),
  });
  // As the daemon does: every module that wants the proxy core gets it (tm, acc).
  for (const name of registry.loaded()) {
    const api: unknown = registry.instance(name)?.api;
    if (typeof api === 'object' && api !== null && 'attachProxy' in api && typeof api.attachProxy === 'function') {
      (api as { attachProxy(p: ProxyCore, s: CompiledScript, w: WorkerState): void }).attachProxy(proxy, script, worker);
    }
  }
  await registry.init();
  await proxy.start();
  core.attach(transports);
  await registry.start();
  const agent = async (address: string) => new SipAgent(new LoopbackTransport(net, { proto: 'udp', address, port: 5060 })).start();
  const uac = await agent('127.0.0.2');
  const uas = await agent('127.0.0.3');
  const uas2 = await agent('127.0.0.4');
  return {
    script,
    registry,
    proxy,
    tm,
    logger,
    uac,
    uas,
    uas2,
    errors,
    hostport: '127.0.0.1:5060',
    settle: () => net.settle(),
    async stop() {
      await registry.stop();
      await Promise.all([uac.close(), uas.close(), uas2.close()]);
      await proxy.stop();
    },
  };
}

/** A cfg prelude that loads what the tm tests use. */
export const PRELUDE = `
listen=udp:127.0.0.1:5060
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "xlog.so"
loadmodule "kex.so"
`;
