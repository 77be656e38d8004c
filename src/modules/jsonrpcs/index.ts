/**
 * jsonrpcs: JSON-RPC over a FIFO (kamctl), a datagram socket and HTTP. The module only holds
 * the parameters; the daemon builds the servers from them.
 */
import type { ModuleDefinition, ParamSpec } from '../module-api.js';
import { setParams, type ControlParams } from '../ctl/index.js';

const any = (doc: string): ParamSpec => ({ type: 'any', default: null, doc });

const JSONRPCS_PARAMS: Readonly<Record<string, ParamSpec>> = {
  pretty_format: any('1: indented replies'),
  transport: any('bit mask: 1 HTTP, 2 FIFO, 4 datagram; 0 all configured (default 6)'),
  fifo_name: any('FIFO path (relative: in the runtime directory)'),
  fifo_mode: any('file mode of the FIFO'),
  fifo_group: any('group of the FIFO'),
  fifo_user: any('owner of the FIFO'),
  fifo_reply_dir: any('directory of the clients\' reply FIFOs (/tmp/)'),
  dgram_socket: any('datagram socket: a unix path or udp:host:port'),
  dgram_workers: any('accepted for compatibility'),
  dgram_mode: any('file mode of the datagram socket'),
  dgram_group: any('group of the datagram socket'),
  dgram_user: any('owner of the datagram socket'),
  dgram_timeout: any('accepted for compatibility'),
  http_listen: any('sipd: [host:]port of the HTTP listener (host 127.0.0.1 unless given)'),
  http_path: any('sipd: HTTP path (/RPC)'),
};

export const jsonrpcsModule: ModuleDefinition = {
  name: 'jsonrpcs',
  doc: 'JSON-RPC control over FIFO, datagram socket and HTTP (kamctl, kamcli)',
  params: JSONRPCS_PARAMS,
  create: (ctx) => ({ api: { params: setParams(JSONRPCS_PARAMS, ctx.params) } satisfies ControlParams }),
};
