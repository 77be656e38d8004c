/** The routing engine's core services over the daemon's real transports and clock. */
import type { Clock, CoreServices, HostAlias, ListenSocket, ScriptLogger, TimerHandle } from '../cfg/core-services.js';
import { serializeMessage, type SipRequest, type SipResponse } from '../sip/index.js';
import type { TransportSet } from '../sip/transport/index.js';
import type { DestInfo, ReceiveInfo } from '../sip/transport-types.js';

export const realClock: Clock = {
  now: () => Date.now(),
  every(ms: number, fn: () => void): TimerHandle {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => { clearInterval(t); } };
  },
};

function bare(host: string): string {
  return (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase();
}

export class DaemonCoreServices implements CoreServices {
  readonly clock: Clock = realClock;
  readonly logger: ScriptLogger;
  readonly serverHeader: string | null;
  #aliases: readonly HostAlias[];
  #transports: TransportSet | null = null;
  #sockets: ListenSocket[] = [];

  constructor(logger: ScriptLogger, serverHeader: string | null, aliases: readonly HostAlias[]) {
    this.logger = logger;
    this.serverHeader = serverHeader;
    this.#aliases = aliases;
  }

  /** `alias=` names in Kamailio's order (socketPlan's), known once the script is compiled. */
  setAliases(aliases: readonly HostAlias[]): void {
    this.#aliases = aliases;
  }

  aliases(): readonly HostAlias[] {
    return this.#aliases;
  }

  /** Called once the transports are bound (ports known). */
  attach(transports: TransportSet): void {
    this.#transports = transports;
    this.#sockets = transports.listeners.map((l) => ({
      id: l.id,
      proto: l.proto,
      address: l.address,
      port: l.port,
      // The Via/Record-Route address differs from the bound one: `advertise` (or a wildcard bind).
      ...(bare(l.host) !== l.address || l.advertisedPort !== l.port ? { advertise: { host: l.host, port: l.advertisedPort } } : {}),
    }));
  }

  listeners(): readonly ListenSocket[] {
    return this.#sockets;
  }

  listener(rcv: ReceiveInfo): ListenSocket | undefined {
    return this.#sockets.find((s) => s.id === rcv.listenerId);
  }

  isMyself(host: string, port: number | null, secure = false): boolean {
    const h = bare(host);
    const p = port ?? (secure ? 5061 : 5060);
    for (const s of this.#sockets) {
      if ((bare(s.address) === h && s.port === p) || (s.advertise !== undefined && bare(s.advertise.host) === h && s.advertise.port === p)) return true;
    }
    return this.#aliases.some((a) => bare(a.host) === h && (a.port === null || a.port === p));
  }

  isLocalAddress(ip: string): boolean {
    const h = bare(ip);
    return this.#sockets.some((s) => bare(s.address) === h || (s.advertise !== undefined && bare(s.advertise.host) === h));
  }

  sendReply(reply: SipResponse, to: DestInfo): void {
    this.#transports?.send(to, serializeMessage(reply));
  }

  forwardRequest(request: SipRequest, to: DestInfo): void {
    this.#transports?.send(to, serializeMessage(request));
  }
}
