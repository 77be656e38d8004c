/** A proxy core and three agents on one loopback network, for the proxy tests. */
import {
  LoopbackNetwork,
  LoopbackTransport,
  ManualClock,
  ProxyCore,
  TransportSet,
  type ProxySettings,
  type TimerSettings,
  type TransportAddress,
} from '../../../../src/sip/index.js';
import { SipAgent } from './sip-agent.js';

export interface LoopbackSetup {
  readonly net: LoopbackNetwork;
  readonly core: ProxyCore;
  readonly proxy: TransportAddress;
  readonly uac: SipAgent;
  readonly uas: SipAgent;
  readonly uas2: SipAgent;
  readonly errors: unknown[];
  readonly clock: ManualClock | null;
  /** Lets every queued message arrive (one macrotask turn, repeated until quiet). */
  settle(): Promise<void>;
  /** With a manual clock: moves time forward in 10 ms steps, delivering messages after each step. */
  run(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface LoopbackSetupOptions {
  readonly proto?: 'udp' | 'tcp';
  readonly manualClock?: boolean;
  readonly settings?: Partial<ProxySettings>;
  readonly timers?: Partial<TimerSettings>;
}

export async function loopbackSetup(options: LoopbackSetupOptions = {}): Promise<LoopbackSetup> {
  const proto = options.proto ?? 'udp';
  const net = new LoopbackNetwork();
  const clock = options.manualClock === true ? new ManualClock() : null;
  const errors: unknown[] = [];
  const transports = new TransportSet([new LoopbackTransport(net, { proto, address: '127.0.0.1', port: 5060 })]);
  const core = new ProxyCore({
    transports,
    tickMs: 10,
    onError: (err) => errors.push(err),
    ...(clock === null ? {} : { clock }),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    ...(options.timers === undefined ? {} : { timers: options.timers }),
  });
  await core.start();
  const agent = async (address: string): Promise<SipAgent> => {
    const a = new SipAgent(new LoopbackTransport(net, { proto, address, port: 5060 }));
    if (clock !== null) a.clock = clock;
    return a.start();
  };
  const uac = await agent('127.0.0.2');
  const uas = await agent('127.0.0.3');
  const uas2 = await agent('127.0.0.4');
  const settle = async (): Promise<void> => {
    await net.settle();
  };
  const run = async (ms: number): Promise<void> => {
    if (clock === null) throw new Error('run() needs the manual clock');
    for (let t = 0; t < ms; t += 10) {
      clock.advance(Math.min(10, ms - t));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await net.settle();
  };
  return {
    net,
    core,
    proxy: { address: '127.0.0.1', port: 5060, family: 'IPv4' },
    uac,
    uas,
    uas2,
    errors,
    clock,
    settle,
    run,
    stop: async () => {
      await core.stop();
      await Promise.all([uac.close(), uas.close(), uas2.close()]);
    },
  };
}
