/** Every module sipd has, for the daemon's ModuleRegistry. */
import type { ModuleDefinition, ParamSpec } from './module-api.js';
import { accModule } from './acc/index.js';
import { aliasDbModule } from './alias_db/index.js';
import { authModule } from './auth/index.js';
import { authDbModule } from './auth_db/index.js';
import { cfgRpcModule } from './cfg_rpc/index.js';
import { corexModule } from './corex/index.js';
import { domainModule } from './domain/index.js';
import { ctlModule } from './ctl/index.js';
import { jsonrpcsModule } from './jsonrpcs/index.js';
import { countersModule } from './counters/index.js';
import { kexModule } from './kex/index.js';
import { maxfwdModule } from './maxfwd/index.js';
import { permissionsModule } from './permissions/index.js';
import { pvModule } from './pv/index.js';
import { registrarModule } from './registrar/index.js';
import { rrModule } from './rr/index.js';
import { sanityModule } from './sanity/index.js';
import { siputilsModule } from './siputils/index.js';
import { slModule } from './sl/index.js';
import { speeddialModule } from './speeddial/index.js';
import { tmModule } from './tm/index.js';
import { tmxModule } from './tmx/index.js';
import { textopsModule } from './textops/index.js';
import { textopsxModule } from './textopsx/index.js';
import { usrlocModule } from './usrloc/index.js';
import { xlogModule } from './xlog/index.js';

/**
 * Kamailio's database drivers. sipd reaches every engine through knex, chosen by the scheme
 * of each module's db_url, so `loadmodule "db_mysql.so"` only has to be accepted; the
 * drivers' own parameters are taken and have no effect.
 */
function dbDriver(name: string, params: Readonly<Record<string, ParamSpec>>): ModuleDefinition {
  return {
    name,
    doc: `database driver: accepted so Kamailio cfg files load; db_url schemes are served through knex, ${name}'s parameters have no effect`,
    params,
    create: () => ({}),
  };
}

const ignoredInt = (doc: string): ParamSpec => ({ type: 'int', default: null, doc: `${doc} (no effect in sipd)` });
const ignoredStr = (doc: string): ParamSpec => ({ type: 'str', default: null, doc: `${doc} (no effect in sipd)` });

const dbDrivers: readonly ModuleDefinition[] = [
  dbDriver('db_mysql', {
    ping_interval: ignoredInt('seconds between connection pings'),
    server_timezone: ignoredInt('convert times with the server time zone'),
    timeout_interval: ignoredInt('connect, read and write timeout in seconds'),
    auto_reconnect: ignoredInt('reconnect after a lost connection'),
    insert_delayed: ignoredInt('INSERT DELAYED for inserts'),
    update_affected_found: ignoredInt('count matched rather than changed rows'),
    opt_ssl_mode: ignoredInt('TLS mode of the connection'),
    opt_ssl_ca: ignoredStr('CA file for TLS'),
  }),
  dbDriver('db_postgres', {
    retries: ignoredInt('query retries after a lost connection'),
    timeout: ignoredInt('connect timeout in seconds'),
    tcp_keepalive: ignoredInt('TCP keepalive on the connection'),
    bytea_output_escape: ignoredInt('escape bytea output'),
    con_param: ignoredStr('extra connection parameters'),
  }),
  dbDriver('db_sqlite', {
    db_set: { type: 'str', default: null, multi: true, doc: 'PRAGMA settings per database (no effect in sipd)' },
  }),
];

export const BUILTIN_MODULES: readonly ModuleDefinition[] = [
  accModule,
  aliasDbModule,
  authModule,
  authDbModule,
  cfgRpcModule,
  corexModule,
  domainModule,
  ctlModule,
  jsonrpcsModule,
  countersModule,
  kexModule,
  maxfwdModule,
  permissionsModule,
  pvModule,
  registrarModule,
  rrModule,
  sanityModule,
  siputilsModule,
  slModule,
  speeddialModule,
  textopsModule,
  tmModule,
  tmxModule,
  textopsxModule,
  usrlocModule,
  xlogModule,
  ...dbDrivers,
];
