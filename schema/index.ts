/**
 * Every schema module sipctl knows, in the order kamdbctl runs them (group by group); the
 * version rows of a new database follow this order too.
 */
import { standard } from './standard.js';
import { acc } from './acc.js';
import { lcr } from './lcr.js';
import { domain } from './domain.js';
import { group } from './group.js';
import { permissions } from './permissions.js';
import { registrar } from './registrar.js';
import { usrloc } from './usrloc.js';
import { msilo } from './msilo.js';
import { aliasDb } from './alias-db.js';
import { uriDb } from './uri-db.js';
import { speeddial } from './speeddial.js';
import { avpops } from './avpops.js';
import { authDb } from './auth-db.js';
import { pdt } from './pdt.js';
import { dialog } from './dialog.js';
import { dispatcher } from './dispatcher.js';
import { dialplan } from './dialplan.js';
import { topos } from './topos.js';
import { presence } from './presence.js';
import { rls } from './rls.js';
import { imc } from './imc.js';
import { cpl } from './cpl.js';
import { siptrace } from './siptrace.js';
import { domainpolicy } from './domainpolicy.js';
import { carrierroute } from './carrierroute.js';
import { drouting } from './drouting.js';
import { userblocklist } from './userblocklist.js';
import { htable } from './htable.js';
import { purple } from './purple.js';
import { uac } from './uac.js';
import { pipelimit } from './pipelimit.js';
import { mtree } from './mtree.js';
import { sca } from './sca.js';
import { mohqueue } from './mohqueue.js';
import { rtpproxy } from './rtpproxy.js';
import { rtpengine } from './rtpengine.js';
import { secfilter } from './secfilter.js';
import { uidAuthDb } from './uid-auth-db.js';
import { uidAvpDb } from './uid-avp-db.js';
import { uidDomain } from './uid-domain.js';
import { uidGflags } from './uid-gflags.js';
import { uidUriDb } from './uid-uri-db.js';
import type { SchemaModule } from './types.js';

export const SCHEMA_MODULES: readonly SchemaModule[] = [
  standard,
  acc,
  lcr,
  domain,
  group,
  permissions,
  registrar,
  usrloc,
  msilo,
  aliasDb,
  uriDb,
  speeddial,
  avpops,
  authDb,
  pdt,
  dialog,
  dispatcher,
  dialplan,
  topos,
  presence,
  rls,
  imc,
  cpl,
  siptrace,
  domainpolicy,
  carrierroute,
  drouting,
  userblocklist,
  htable,
  purple,
  uac,
  pipelimit,
  mtree,
  sca,
  mohqueue,
  rtpproxy,
  rtpengine,
  secfilter,
  uidAuthDb,
  uidAvpDb,
  uidDomain,
  uidGflags,
  uidUriDb,
];

export type { SchemaModule, TableDef, ColumnDef, IndexDef, ColumnType, SchemaGroup } from './types.js';
