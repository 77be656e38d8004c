/**
 * The daemon's log: Kamailio's levels (debug/log_level), one line per event, to stderr
 * (-E, or when there is no syslog socket) or to syslog through /dev/log. Lines name the
 * source (module or `core`) and never carry passwords: callers log names, not values.
 */
import fs from 'node:fs';
import type { ScriptLogger } from '../cfg/core-services.js';
import type { RpcServerLogger } from '../rpc/server/server-logger.js';

const LEVEL_NAMES: Readonly<Record<number, string>> = { [-5]: 'ALERT', [-4]: 'BUG', [-3]: 'CRITICAL', [-2]: 'CRITICAL', [-1]: 'ERROR', 0: 'WARNING', 1: 'NOTICE', 2: 'INFO', 3: 'DEBUG' };
/** syslog severities of Kamailio's levels. */
const SEVERITY: Readonly<Record<number, number>> = { [-5]: 1, [-4]: 2, [-3]: 2, [-2]: 2, [-1]: 3, 0: 4, 1: 5, 2: 6, 3: 7 };
const FACILITY_DAEMON = 3;

type Sink = (level: number, line: string) => void;

export class DaemonLogger implements ScriptLogger {
  level: number;
  readonly #sink: Sink;
  readonly #tag: string;

  private constructor(level: number, sink: Sink, tag: string) {
    this.level = level;
    this.#sink = sink;
    this.#tag = tag;
  }

  /** To stderr when asked (or no syslog socket exists), else to syslog. */
  static async open(level: number, toStderr: boolean, tag = 'sipd'): Promise<DaemonLogger> {
    if (!toStderr && fs.existsSync('/dev/log')) {
      const syslog = await openSyslog(tag);
      if (syslog !== null) return new DaemonLogger(level, syslog, tag);
    }
    // In the background, stderr may be a pipe whose reader is gone (the starting shell or
    // sipctl start): then lines are dropped instead of failing with EPIPE on every write.
    let broken = false;
    process.stderr.on('error', () => {
      broken = true;
    });
    return new DaemonLogger(
      level,
      (_level, line) => {
        if (!broken) process.stderr.write(`${line}\n`);
      },
      tag,
    );
  }

  enabled(level: number): boolean {
    return level <= this.level;
  }

  log(level: number, source: string, text: string): void {
    if (level > this.level) return;
    this.#sink(level, `${String(process.pid)} ${LEVEL_NAMES[level] ?? String(level)}: <${source}> ${text}`);
  }

  /** The shape the RPC servers log through. */
  rpcLogger(source: string): RpcServerLogger {
    const at = (level: number) => (details: Record<string, unknown>, message: string) => {
      const extra = Object.entries(details)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      this.log(level, source, extra === '' ? message : `${message} (${extra})`);
    };
    return { debug: at(3), info: at(2), warn: at(0), error: at(-1) };
  }

  get tag(): string {
    return this.#tag;
  }
}

async function openSyslog(tag: string): Promise<Sink | null> {
  try {
    const { default: unix } = await import('unix-dgram');
    const socket = unix.createSocket('unix_dgram');
    // A full or missing syslog must never stop the server: lost lines are lost.
    socket.on('error', () => undefined);
    return (level, line) => {
      const pri = FACILITY_DAEMON * 8 + (SEVERITY[level] ?? 6);
      const msg = Buffer.from(`<${String(pri)}>${tag}[${String(process.pid)}]: ${line.slice(line.indexOf(' ') + 1)}`);
      socket.send(msg, 0, msg.length, '/dev/log');
    };
  } catch {
    return null;
  }
}
