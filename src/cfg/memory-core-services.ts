/**
 * Core services held in memory, for tests and benchmarks: replies and forwarded requests are
 * captured instead of sent, log lines are kept, and time is a ManualClock that moves only when
 * told to.
 */
import { isIP } from 'node:net';
import type { SipRequest, SipResponse } from '../sip/index.js';
import type { DestInfo, ReceiveInfo } from '../sip/transport-types.js';
import { hostAliasList, type Clock, type CoreServices, type HostAlias, type ListenSocket, type ScriptLogger, type TimerHandle } from './core-services.js';

/** A clock that advances only through `advance`, firing due timers in order. */
export class ManualClock implements Clock {
  #now: number;
  #timers: { ms: number; next: number; fn: () => void; live: boolean }[] = [];

  constructor(start = Date.UTC(2024, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, fn: () => void): TimerHandle {
    const t = { ms: Math.max(1, ms), next: this.#now + Math.max(1, ms), fn, live: true };
    this.#timers.push(t);
    return {
      cancel: () => {
        t.live = false;
        this.#timers = this.#timers.filter((x) => x !== t);
      },
    };
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const due = this.#timers.filter((t) => t.live && t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (due === undefined) break;
      this.#now = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.#now = end;
  }
}

export interface LogLine {
  readonly level: number;
  readonly source: string;
  readonly text: string;
}

export class MemoryLogger implements ScriptLogger {
  readonly lines: LogLine[] = [];
  debug: number;

  constructor(debug = 3) {
    this.debug = debug;
  }

  enabled(level: number): boolean {
    return level <= this.debug;
  }

  log(level: number, source: string, text: string): void {
    if (level <= this.debug) this.lines.push({ level, source, text });
  }
}

export interface SentReply {
  readonly reply: SipResponse;
  readonly to: DestInfo;
}

export interface SentRequest {
  readonly request: SipRequest;
  readonly to: DestInfo;
}

export interface MemoryCoreOptions {
  readonly listeners?: readonly ListenSocket[];
  /**
   * `alias=` lines in script order: `host[:port]` strings (any protocol) or HostAlias entries.
   * They are listed as Kamailio lists them (hostAliasList: the last first, repeats dropped).
   */
  readonly aliases?: readonly (string | HostAlias)[];
  readonly clock?: Clock;
  readonly logger?: ScriptLogger;
  readonly serverHeader?: string | null;
}

function bare(host: string): string {
  return (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase();
}

export class MemoryCoreServices implements CoreServices {
  readonly clock: Clock;
  readonly logger: ScriptLogger;
  readonly serverHeader: string | null;
  readonly replies: SentReply[] = [];
  readonly forwarded: SentRequest[] = [];
  readonly #listeners: readonly ListenSocket[];
  readonly #aliases: readonly HostAlias[];

  constructor(options: MemoryCoreOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.logger = options.logger ?? new MemoryLogger();
    this.serverHeader = options.serverHeader === undefined ? 'sipd (0.1.0)' : options.serverHeader;
    this.#listeners = options.listeners ?? [{ id: 'udp:127.0.0.1:5060', proto: 'udp', address: '127.0.0.1', port: 5060 }];
    this.#aliases = hostAliasList(
      (options.aliases ?? []).map((a) => {
        if (typeof a !== 'string') return a;
        const m = /^(.*?)(?::([0-9]+))?$/.exec(a);
        const host = m?.[1] ?? a;
        return { proto: null, host: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host, port: m?.[2] === undefined ? null : Number(m[2]) };
      }),
    );
  }

  listeners(): readonly ListenSocket[] {
    return this.#listeners;
  }

  listener(rcv: ReceiveInfo): ListenSocket | undefined {
    return this.#listeners.find((l) => l.id === rcv.listenerId);
  }

  isMyself(host: string, port: number | null, secure = false): boolean {
    const h = bare(host);
    const p = port ?? (secure ? 5061 : 5060);
    for (const l of this.#listeners) {
      if ((bare(l.address) === h || (l.advertise !== undefined && bare(l.advertise.host) === h)) && (l.port === p || l.advertise?.port === p)) return true;
    }
    return this.#aliases.some((a) => bare(a.host) === h && (a.port === null || a.port === p));
  }

  aliases(): readonly HostAlias[] {
    return this.#aliases;
  }

  isLocalAddress(ip: string): boolean {
    if (isIP(bare(ip)) === 0) return false;
    return this.#listeners.some((l) => bare(l.address) === bare(ip));
  }

  sendReply(reply: SipResponse, to: DestInfo): void {
    this.replies.push({ reply, to });
  }

  forwardRequest(request: SipRequest, to: DestInfo): void {
    this.forwarded.push({ request, to });
  }
}
