/**
 * ctl: BINRPC control sockets (what kamcmd talks to). The module only holds the parameters;
 * the daemon builds the servers from them (src/rpc/server/modparams.ts checks and maps them).
 */
import type { ModuleDefinition, ModuleParams, ParamSpec } from '../module-api.js';

/** The parameters a control module was given, as the RPC server configuration reads them. */
export interface ControlParams {
  readonly params: Readonly<Record<string, unknown>>;
}

export function isControlParams(x: unknown): x is ControlParams {
  return typeof x === 'object' && x !== null && 'params' in x;
}

/** Every parameter that was set, repeated ones as arrays. */
export function setParams(spec: Readonly<Record<string, ParamSpec>>, values: ModuleParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(spec)) {
    if (p.multi === true) {
      const all = values.all(name);
      if (all.length > 0) out[name] = [...all];
    } else {
      const v = values.get(name);
      if (v !== null) out[name] = v;
    }
  }
  return out;
}

const any = (doc: string, multi = false): ParamSpec => ({ type: 'any', default: null, doc, ...(multi ? { multi: true } : {}) });

const CTL_PARAMS: Readonly<Record<string, ParamSpec>> = {
  binrpc: any('listen address: unix:/path, unixd:/path, tcp:host:port, udp:host:port (repeatable)', true),
  mode: any('file mode of the unix sockets (0660)'),
  user: any('owner of the unix sockets'),
  group: any('group of the unix sockets'),
  binrpc_buffer_size: any('accepted for compatibility'),
  binrpc_max_body_size: any('largest reply, KiB'),
  binrpc_struct_max_body_size: any('accepted for compatibility'),
  autoconversion: any('accepted for compatibility'),
  fifo: any('the old text FIFO protocol: refused, use jsonrpcs'),
};

export const ctlModule: ModuleDefinition = {
  name: 'ctl',
  doc: 'BINRPC control sockets (kamcmd)',
  params: CTL_PARAMS,
  create: (ctx) => ({ api: { params: setParams(CTL_PARAMS, ctx.params) } satisfies ControlParams }),
};
