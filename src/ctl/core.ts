/** Server diagnostics: kamctl's `uptime`, `ps` and `srv …` over core/corex methods. */
import { AppError } from '../errors.js';
import type { RpcValue } from '../rpc/rpc-value.js';
import { listOf, num, optString, str, stringList, structOf, unwrap } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';

export interface UptimeResult {
  /** The server's clock, as it prints it (ctime format). */
  readonly now: string;
  readonly upSince: string;
  /** Seconds since start. */
  readonly uptime: number;
}

export function parseUptime(reply: RpcValue): UptimeResult {
  const s = structOf('core.uptime', reply, 'the result');
  return { now: str('core.uptime', s['now'], 'now'), upSince: str('core.uptime', s['up_since'], 'up_since'), uptime: num('core.uptime', s['uptime'], 'uptime') };
}

export async function uptime(rpc: RpcCaller): Promise<UptimeResult> {
  return parseUptime(await rpc.call('core.uptime', []));
}

export interface ProcessInfo {
  readonly idx: number;
  readonly pid: number;
  readonly description: string;
}

export interface PsResult {
  readonly processes: readonly ProcessInfo[];
}

export function parsePsx(reply: RpcValue): ProcessInfo[] {
  return listOf(reply).map((item) => {
    const p = structOf('core.psx', item, 'a process entry');
    return { idx: num('core.psx', p['IDX'], 'IDX'), pid: num('core.psx', p['PID'], 'PID'), description: optString(p['DSC']) ?? '' };
  });
}

export async function ps(rpc: RpcCaller): Promise<PsResult> {
  return { processes: parsePsx(await rpc.call('core.psx', [], { returns: 'list' })) };
}

export interface SocketInfo {
  readonly proto: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly port: number | null;
  readonly mcast: boolean;
  readonly mhomed: boolean;
  readonly virtual: boolean;
  readonly sockname: string | null;
  readonly advertise: string | null;
}

const dash = (v: RpcValue | undefined): string | null => {
  const s = optString(v);
  return s === null || s === '-' ? null : s;
};
const yes = (v: RpcValue | undefined): boolean => optString(v) === 'yes';
const portOf = (v: RpcValue | undefined): number | null => {
  const s = optString(v);
  return s !== null && /^\d+$/.test(s) ? Number(s) : null;
};

export function parseSockets(reply: RpcValue): SocketInfo[] {
  return listOf(reply).map((item) => {
    const s = structOf('corex.list_sockets', unwrap(item, 'socket'), 'a socket entry');
    return {
      proto: str('corex.list_sockets', s['PROTO'], 'PROTO'),
      name: str('corex.list_sockets', s['NAME'], 'NAME'),
      addresses: listOf(s['ADDRLIST']).flatMap((a) => {
        const v = optString(unwrap(a, 'ADDR'));
        return v === null ? [] : [v];
      }),
      port: portOf(s['PORT']),
      mcast: yes(s['MCAST']),
      mhomed: yes(s['MHOMED']),
      virtual: yes(s['VIRTUAL']),
      sockname: dash(s['SOCKNAME']),
      advertise: dash(s['ADVERTISE']),
    };
  });
}

export interface AliasInfo {
  readonly proto: string;
  readonly address: string;
  /** 0: any port. */
  readonly port: number;
}

export function parseAliases(reply: RpcValue): AliasInfo[] {
  return listOf(reply).map((item) => {
    const a = structOf('corex.list_aliases', unwrap(item, 'alias'), 'an alias entry');
    return { proto: optString(a['PROTO']) ?? '*', address: str('corex.list_aliases', a['ADDR'], 'ADDR'), port: Number(optString(a['PORT']) ?? 0) };
  });
}

export interface SrvSocketsResult {
  readonly what: 'sockets';
  readonly sockets: readonly SocketInfo[];
}
export interface SrvAliasesResult {
  readonly what: 'aliases';
  readonly aliases: readonly AliasInfo[];
}
export interface SrvRpclistResult {
  readonly what: 'rpclist';
  readonly methods: readonly string[];
}
export interface SrvDebugResult {
  readonly what: 'debug';
  readonly level: number;
  /** True when the level was set by this call. */
  readonly changed: boolean;
}
export interface SrvModulesResult {
  readonly what: 'modules';
  readonly modules: readonly string[];
}
export interface SrvVersionResult {
  readonly what: 'version';
  readonly version: string;
}

export type SrvResult = SrvSocketsResult | SrvAliasesResult | SrvRpclistResult | SrvDebugResult | SrvModulesResult | SrvVersionResult;

export function parseDebugLevel(text: string): number {
  if (!/^-?\d{1,2}$/.test(text.trim())) throw new AppError('E_USAGE', `a debug level is a whole number (-5 … 3 in Kamailio), not "${text}"`);
  return Number(text.trim());
}

export async function srvSockets(rpc: RpcCaller): Promise<SrvSocketsResult> {
  return { what: 'sockets', sockets: parseSockets(await rpc.call('corex.list_sockets', [], { returns: 'list' })) };
}

export async function srvAliases(rpc: RpcCaller): Promise<SrvAliasesResult> {
  return { what: 'aliases', aliases: parseAliases(await rpc.call('corex.list_aliases', [], { returns: 'list' })) };
}

export async function srvRpclist(rpc: RpcCaller): Promise<SrvRpclistResult> {
  return { what: 'rpclist', methods: stringList(await rpc.call('system.listMethods', [], { returns: 'list' })) };
}

export async function srvModules(rpc: RpcCaller): Promise<SrvModulesResult> {
  return { what: 'modules', modules: stringList(await rpc.call('core.modules', [], { returns: 'list' })) };
}

export async function srvVersion(rpc: RpcCaller): Promise<SrvVersionResult> {
  return { what: 'version', version: str('core.version', await rpc.call('core.version', []), 'the result').trim() };
}

export async function srvDebug(rpc: RpcCaller, level?: number): Promise<SrvDebugResult> {
  const reply = await rpc.call('corex.debug', level === undefined ? [] : [level]);
  if (level !== undefined) return { what: 'debug', level, changed: true };
  return { what: 'debug', level: num('corex.debug', structOf('corex.debug', reply, 'the result')['debug'], 'debug'), changed: false };
}
