/** core.* RPC methods: what the process is and how it is doing, in Kamailio 5.6's reply shapes. */
import os from 'node:os';
import type { HostAlias } from '../cfg/core-services.js';
import type { RpcContext, RpcMethod } from '../rpc/rpc-method.js';
import type { RpcValue } from '../rpc/rpc-value.js';

export interface CoreInfo {
  readonly version: string;
  readonly startedAt: Date;
  /** Descriptions of the process's parts, as core.ps lists them. */
  processes(): readonly string[];
  /** The log level (`debug`), read and changed by corex.debug. */
  logLevel(): number;
  setLogLevel(level: number): void;
  /** The script's cfg-framework variables (`group.name`), changeable at run time. */
  readonly cfgVars: Map<string, string | number>;
  /** Current TCP figures: listeners, connection limit, open connections, queued bytes. */
  tcp(): { readonly readers: number; readonly maxConnections: number; readonly openedConnections: number; readonly writeQueuedBytes: number };
  /** The `alias=` names in Kamailio's order (CoreServices.aliases). */
  aliases(): readonly HostAlias[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's ctime() without the newline, local time: `Thu Nov 26 11:38:15 2026`. */
export function ctime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()] ?? ''} ${MONTHS[d.getMonth()] ?? ''} ${String(d.getDate()).padStart(2, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${String(d.getFullYear())}`;
}

/** `sipd 0.1.0 (x86_64/linux) ` as Kamailio's core.version prints its own. */
export function versionString(version: string): string {
  const arch = os.arch() === 'x64' ? 'x86_64' : os.arch();
  return `sipd ${version} (${arch}/${os.platform()}) `;
}

export function coreRpc(info: CoreInfo): RpcMethod[] {
  const table = (): RpcValue[] => info.processes().map((dsc, i) => ({ IDX: i, PID: process.pid, DSC: dsc }));
  return [
    {
      name: 'core.uptime',
      doc: 'Returns uptime of SIP server.',
      handler: () => {
        const now = new Date();
        return { now: ctime(now), up_since: ctime(info.startedAt), uptime: Math.floor((now.getTime() - info.startedAt.getTime()) / 1000) };
      },
    },
    { name: 'core.version', doc: 'Returns the version string of the server.', handler: () => versionString(info.version) },
    {
      name: 'core.info',
      doc: 'Verbose info, including version number, compile flags, compiler, repository hash etc.',
      handler: () => ({ version: `sipd ${info.version}`, id: 'unknown ', compiler: `node ${process.version}`, compiled: '', flags: 'USE_TCP, USE_IPV6' }),
    },
    { name: 'core.ps', doc: 'Returns the description of running processes.', returns: 'list', handler: () => info.processes().flatMap((dsc) => [process.pid, dsc]) },
    { name: 'core.psx', doc: 'Returns the detailed description of running processes.', returns: 'list', handler: table },
    {
      name: 'core.echo',
      doc: 'Returns back its parameters.',
      returns: 'list',
      handler: (ctx) => ctx.params.map((p) => (typeof p === 'number' ? BigInt.asUintN(64, BigInt(Math.trunc(p))).toString() : typeof p === 'string' ? p : JSON.stringify(p))),
    },
    {
      name: 'core.printi',
      doc: 'Returns back its integer parameters.',
      returns: 'list',
      handler: (ctx) =>
        ctx.params.map((p) => {
          if (typeof p !== 'number' || !Number.isInteger(p)) throw ctx.fault(400, 'Invalid Parameter Type');
          return p;
        }),
    },
    {
      name: 'core.prints',
      doc: 'Returns back its string parameters.',
      returns: 'list',
      handler: (ctx) => ctx.params.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))),
    },
    {
      name: 'corex.debug',
      doc: 'Get or set the log level (debug).',
      handler: (ctx) => {
        const level = ctx.params[0];
        if (level === undefined) return { debug: info.logLevel() };
        if (typeof level !== 'number' || !Number.isInteger(level) || level < -5 || level > 3) throw ctx.fault(400, 'Invalid Parameter Type: a level from -5 to 3 is expected');
        const old = info.logLevel();
        info.setLogLevel(level);
        return { old, new: level };
      },
    },
    {
      // Kamailio 5.6's shape: over BINRPC `aliases: { alias: {…} alias: {…} }`, over JSON-RPC
      // `aliases: [{alias: {…}}, …]`; port `*` for any. No module registers a myself check.
      name: 'core.aliases_list',
      doc: 'List local SIP server host aliases',
      handler: () => ({
        myself_callbacks: 'no',
        aliases: info.aliases().map((a) => ({ alias: { proto: a.proto ?? '*', address: a.host, port: a.port ?? '*' } })),
      }),
    },
    ...cfgRpc(info),
    {
      name: 'core.shmmem',
      doc: 'Returns memory info (here: the JavaScript heap, the resident size and its peak).',
      handler: () => {
        const m = process.memoryUsage();
        return { total: m.heapTotal, free: m.heapTotal - m.heapUsed, used: m.heapUsed, real_used: m.rss, max_used: process.resourceUsage().maxRSS * 1024, fragments: 0 };
      },
    },
    {
      name: 'core.tcp_info',
      doc: 'Returns TCP related info.',
      handler: () => {
        const t = info.tcp();
        return { readers: t.readers, max_connections: t.maxConnections, max_tls_connections: 0, opened_connections: t.openedConnections, opened_tls_connections: 0, write_queued_bytes: t.writeQueuedBytes };
      },
    },
  ];
}

/**
 * cfg.get / cfg.set / cfg.seti / cfg.sets / cfg.list over `core.debug` and the script's own
 * cfg variables (`group.name = value desc "…"`).
 */
function cfgRpc(info: CoreInfo): RpcMethod[] {
  const key = (group: unknown, name: unknown): string | null => (typeof group === 'string' && typeof name === 'string' ? `${group}.${name}` : null);
  const set = (want: 'int' | 'str' | 'any') => (ctx: RpcContext) => {
    const k = key(ctx.params[0], ctx.params[1]);
    const value = ctx.params[2];
    if (k === null || value === undefined) throw ctx.fault(400, 'Too few or wrong parameters: group, variable and value are expected');
    if (k === 'core.debug') {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw ctx.fault(400, 'core.debug takes an integer');
      info.setLogLevel(value);
      return {};
    }
    const old = info.cfgVars.get(k);
    if (old === undefined) throw ctx.fault(400, `unknown configuration variable ${k}`);
    if (typeof value !== 'number' && typeof value !== 'string') throw ctx.fault(400, 'the value must be a number or a string');
    const typed = typeof old === 'number' ? (typeof value === 'number' ? value : Number(value)) : String(value);
    if ((want === 'int' || typeof old === 'number') && (typeof typed !== 'number' || !Number.isInteger(typed))) throw ctx.fault(400, `${k} takes an integer`);
    if (want === 'str' && typeof old === 'number') throw ctx.fault(400, `${k} takes an integer`);
    info.cfgVars.set(k, typed);
    return {};
  };
  return [
    {
      name: 'cfg.get',
      doc: 'Get the value of a configuration variable.',
      handler: (ctx) => {
        const k = key(ctx.params[0], ctx.params[1]);
        if (k === null) throw ctx.fault(400, 'Too few or wrong parameters: group and variable are expected');
        if (k === 'core.debug') return info.logLevel();
        const v = info.cfgVars.get(k);
        if (v === undefined) throw ctx.fault(400, `unknown configuration variable ${k}`);
        return v;
      },
    },
    { name: 'cfg.set', doc: 'Set the value of a configuration variable.', handler: set('any') },
    { name: 'cfg.seti', doc: 'Set the value of an integer configuration variable.', handler: set('int') },
    { name: 'cfg.sets', doc: 'Set the value of a string configuration variable.', handler: set('str') },
    {
      name: 'cfg.list',
      doc: 'List the configuration variables.',
      returns: 'list',
      handler: () => ['core: debug', ...[...info.cfgVars.keys()].map((k) => k.replace('.', ': '))],
    },
  ];
}
