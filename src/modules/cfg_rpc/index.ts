/**
 * cfg_rpc: Kamailio's module for the cfg.* RPC methods (cfg.get, cfg.set, cfg.seti, cfg.sets,
 * cfg.list) over `core.debug` and the script's `group.name = value` variables. sipd's core
 * serves those methods itself (src/daemon/core-rpc.ts), so loading this module only has to be
 * accepted: it has no parameters, functions or methods of its own.
 */
import type { ModuleDefinition } from '../module-api.js';

export const cfgRpcModule: ModuleDefinition = {
  name: 'cfg_rpc',
  doc: 'the cfg.* RPC methods (served by the core; the module is accepted for compatibility)',
  params: {},
  create: () => ({}),
};
