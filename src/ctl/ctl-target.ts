/**
 * Which control socket a command talks to, from the flag and the rc keys, as a pure function:
 *
 * 1. `--ctl URL` (or kamcmd's `-s`);
 * 2. `CTLURL`;
 * 3. `CTLENGINE`: `RPCFIFO` → `fifo:$RPCFIFOPATH` (default `$RUNDIR/sipd_rpc.fifo`), `BINRPC` →
 *    `unix:$RUNDIR/sipd_ctl`, `HTTP` → `http://127.0.0.1:5071/RPC`.
 *
 * `sipctl cmd` is kamcmd, which only speaks BINRPC: it skips step 3 and uses the BINRPC socket.
 */
import path from 'node:path';
import { AppError } from '../errors.js';

/** The file name of sipd's BINRPC socket in RUNDIR (Kamailio's is kamailio_ctl). */
export const BINRPC_SOCKET_NAME = 'sipd_ctl';
/** The JSON-RPC HTTP endpoint sipd serves by default (loopback only). */
export const DEFAULT_HTTP_URL = 'http://127.0.0.1:5071/RPC';

export const CTL_ENGINES = ['RPCFIFO', 'BINRPC', 'HTTP'] as const;
export type CtlEngine = (typeof CTL_ENGINES)[number];

/** The rc keys the choice depends on (RcConfig satisfies it). */
export interface CtlRc {
  get(key: string): string | undefined;
}

export interface CtlTarget {
  readonly url: string;
  /** Where the URL came from, for messages and `--json`. */
  readonly source: 'flag' | 'CTLURL' | 'CTLENGINE';
}

export function parseCtlEngine(value: string | undefined): CtlEngine {
  const upper = (value ?? 'RPCFIFO').trim().toUpperCase();
  if (upper === '') return 'RPCFIFO';
  const found = CTL_ENGINES.find((engine) => engine === upper);
  if (found === undefined) throw new AppError('E_RC_VALUE', `CTLENGINE=${String(value)}: use ${CTL_ENGINES.join(', ')}, or name the socket with CTLURL / --ctl`);
  return found;
}

export function binrpcSocketUrl(rc: CtlRc): string {
  const rundir = rc.get('RUNDIR');
  if (rundir === undefined || rundir === '') throw new AppError('E_RC_VALUE', 'RUNDIR is empty: set it, CTLURL or --ctl');
  return `unix:${path.join(rundir, BINRPC_SOCKET_NAME)}`;
}

export function resolveCtlTarget(rc: CtlRc, flag: string | undefined, mode: 'engine' | 'binrpc' = 'engine'): CtlTarget {
  if (flag !== undefined && flag !== '') return { url: flag, source: 'flag' };
  const configured = rc.get('CTLURL');
  if (configured !== undefined && configured !== '') return { url: configured, source: 'CTLURL' };
  if (mode === 'binrpc') return { url: binrpcSocketUrl(rc), source: 'CTLENGINE' };
  const engine = parseCtlEngine(rc.get('CTLENGINE'));
  switch (engine) {
    case 'RPCFIFO': {
      const fifo = rc.get('RPCFIFOPATH');
      if (fifo === undefined || fifo === '') throw new AppError('E_RC_VALUE', 'RPCFIFOPATH is empty: set it, CTLURL or --ctl');
      return { url: `fifo:${fifo}`, source: 'CTLENGINE' };
    }
    case 'BINRPC':
      return { url: binrpcSocketUrl(rc), source: 'CTLENGINE' };
    case 'HTTP':
      return { url: DEFAULT_HTTP_URL, source: 'CTLENGINE' };
  }
}

/** Seconds (a positive number, fractions allowed) as milliseconds. */
export function parseTimeoutSeconds(text: string, what: string): number {
  const trimmed = text.trim();
  if (!/^(?:\d+\.?\d*|\.\d+)$/.test(trimmed) || Number(trimmed) <= 0) throw new AppError('E_USAGE', `${what} must be a positive number of seconds, not "${text}"`);
  return Math.round(Number(trimmed) * 1000);
}
