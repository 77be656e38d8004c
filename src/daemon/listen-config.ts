/**
 * The sockets a routing script asks for (`listen`, `port`, `disable_tcp`, `alias`), as
 * transport ListenSpecs. As in Kamailio: a `listen` without protocol serves UDP and TCP, a
 * missing port is `port` (5060), no `listen` at all means every IPv4 interface.
 */
import { isIP } from 'node:net';
import type { ParamValue, SocketSpec } from '../cfg/ast.js';
import { CfgError } from '../cfg/cfg-error.js';
import { hostAliasList, type HostAlias } from '../cfg/core-services.js';
import type { ListenSpec } from '../sip/transport/index.js';
import type { Proto } from '../sip/transport-types.js';

export interface SocketPlan {
  readonly listen: readonly ListenSpec[];
  /**
   * `alias=` [proto:]host[:port] names that also mean "this server", in Kamailio's order (the
   * last declared first, repeats dropped; see hostAliasList). auto_aliases adds nothing.
   */
  readonly aliases: readonly HostAlias[];
}

type Settings = ReadonlyMap<string, readonly ParamValue[]>;

const SUPPORTED: ReadonlySet<string> = new Set(['udp', 'tcp']);

function last(settings: Settings, name: string): ParamValue | undefined {
  return settings.get(name)?.at(-1);
}

function hostAddress(host: string, spec: SocketSpec): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === '*') return '0.0.0.0';
  if (bare.toLowerCase() === 'localhost') return '127.0.0.1';
  if (isIP(bare) === 0) {
    throw new CfgError('E_CFG_SEMANTIC', spec.pos, `listen: "${host}" is not an IP address (sipd binds addresses; give the address and use advertise or alias for names)`);
  }
  return bare;
}

export function socketPlan(settings: Settings): SocketPlan {
  const portValue = last(settings, 'port');
  const defaultPort = portValue?.type === 'number' ? portValue.value : 5060;
  const tcpValue = last(settings, 'disable_tcp');
  const tcpEnabled = !(tcpValue?.type === 'number' && tcpValue.value !== 0);
  const protos = (spec: SocketSpec): Proto[] => {
    if (spec.proto === undefined || spec.proto === '*') return tcpEnabled ? ['udp', 'tcp'] : ['udp'];
    const p = spec.proto.toLowerCase();
    if (!SUPPORTED.has(p)) throw new CfgError('E_CFG_SEMANTIC', spec.pos, `listen: protocol ${p} is not available yet (udp and tcp are)`);
    if (p === 'tcp' && !tcpEnabled) throw new CfgError('E_CFG_SEMANTIC', spec.pos, 'listen: tcp while disable_tcp=yes');
    return [p === 'tcp' ? 'tcp' : 'udp'];
  };
  const listen: ListenSpec[] = [];
  for (const v of settings.get('listen') ?? []) {
    if (v.type !== 'sockets') continue;
    const advertise = v.advertise === undefined ? undefined : { address: v.advertise.host, ...(v.advertise.port === undefined ? {} : { port: v.advertise.port }) };
    for (const spec of v.sockets) {
      for (const host of spec.hosts) {
        for (const proto of protos(spec)) {
          listen.push({ proto, address: hostAddress(host, spec), port: spec.port ?? defaultPort, ...(advertise === undefined ? {} : { advertise }) });
        }
      }
    }
  }
  if (listen.length === 0) {
    listen.push({ proto: 'udp', address: '0.0.0.0', port: defaultPort });
    if (tcpEnabled) listen.push({ proto: 'tcp', address: '0.0.0.0', port: defaultPort });
  }
  const declared: HostAlias[] = [];
  for (const v of settings.get('alias') ?? []) {
    if (v.type !== 'sockets') continue;
    for (const spec of v.sockets) {
      for (const host of spec.hosts) declared.push({ proto: spec.proto === undefined || spec.proto === '*' ? null : spec.proto.toLowerCase(), host, port: spec.port ?? null });
    }
  }
  return { listen, aliases: hostAliasList(declared) };
}
