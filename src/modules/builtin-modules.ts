/** Every module sipd has, for the daemon's ModuleRegistry. */
import type { ModuleDefinition } from './module-api.js';
import { accModule } from './acc/index.js';
import { authModule } from './auth/index.js';
import { authDbModule } from './auth_db/index.js';
import { cfgRpcModule } from './cfg_rpc/index.js';
import { corexModule } from './corex/index.js';
import { ctlModule } from './ctl/index.js';
import { jsonrpcsModule } from './jsonrpcs/index.js';
import { countersModule } from './counters/index.js';
import { kexModule } from './kex/index.js';
import { maxfwdModule } from './maxfwd/index.js';
import { pvModule } from './pv/index.js';
import { registrarModule } from './registrar/index.js';
import { rrModule } from './rr/index.js';
import { sanityModule } from './sanity/index.js';
import { siputilsModule } from './siputils/index.js';
import { slModule } from './sl/index.js';
import { tmModule } from './tm/index.js';
import { tmxModule } from './tmx/index.js';
import { textopsModule } from './textops/index.js';
import { textopsxModule } from './textopsx/index.js';
import { usrlocModule } from './usrloc/index.js';
import { xlogModule } from './xlog/index.js';

export const BUILTIN_MODULES: readonly ModuleDefinition[] = [
  accModule,
  authModule,
  authDbModule,
  cfgRpcModule,
  corexModule,
  ctlModule,
  jsonrpcsModule,
  countersModule,
  kexModule,
  maxfwdModule,
  pvModule,
  registrarModule,
  rrModule,
  sanityModule,
  siputilsModule,
  slModule,
  textopsModule,
  tmModule,
  tmxModule,
  textopsxModule,
  usrlocModule,
  xlogModule,
];
