/**
 * The single table of rc keys: kamctlrc's keys (Kamailio 5.6) plus sipctl's own.
 * README's rc-key table is generated from this list (`npm run gen:readme`).
 */
import os from 'node:os';
import path from 'node:path';

export type RcKind = 'string' | 'int' | 'bool' | 'list' | 'ask';

export interface RcKeyDef {
  readonly name: string;
  readonly kind: RcKind;
  /** Effective value when no file, environment variable or flag sets it. */
  readonly fallback: (cfg: ReadonlyMap<string, string>) => string | undefined;
  readonly secret?: true;
  readonly ours?: true;
  readonly doc: string;
}

const fixed = (value: string | undefined) => () => value;

export const STANDARD_MODULES_DEFAULT =
  'standard acc lcr domain group permissions registrar usrloc msilo alias_db uri_db speeddial avpops auth_db pdt dialog dispatcher dialplan topos';
export const PRESENCE_MODULES_DEFAULT = 'presence rls';
export const EXTRA_MODULES_DEFAULT =
  'imc cpl siptrace domainpolicy carrierroute drouting userblocklist htable purple uac pipelimit mtree sca mohqueue rtpproxy rtpengine secfilter';
export const UID_MODULES_DEFAULT = 'uid_auth_db uid_avp_db uid_domain uid_gflags uid_uri_db';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Where runtime files (pid file, control sockets) live by default. */
export function defaultRundir(): string {
  if (isRoot()) return '/run/sipd';
  const xdg = process.env['XDG_RUNTIME_DIR'];
  return xdg !== undefined && xdg !== '' ? path.join(xdg, 'sipd') : path.join(os.tmpdir(), `sipd-${String(process.getuid?.() ?? 0)}`);
}

/** Where the embedded SQLite database lives when DB_PATH is not set. */
export function defaultDbPath(): string {
  if (isRoot()) return '/var/lib/sipd/sipd.sqlite';
  const xdg = process.env['XDG_DATA_HOME'];
  const base = xdg !== undefined && xdg !== '' ? xdg : path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'sipd', 'sipd.sqlite');
}

const engineOf = (cfg: ReadonlyMap<string, string>) => (cfg.get('DBENGINE') ?? 'SQLITE').toUpperCase();

export const RC_KEYS: readonly RcKeyDef[] = [
  { name: 'SIP_DOMAIN', kind: 'string', fallback: fixed(undefined), doc: 'default SIP domain for user names given without @domain' },
  { name: 'DBENGINE', kind: 'string', fallback: fixed('SQLITE'), doc: 'database engine: SQLITE, MYSQL (MariaDB too) or PGSQL, with kamctl\'s spellings (mysql, postgres, postgresql, sqlite …). kamctl has no default; sipctl uses the embedded SQLite' },
  { name: 'DBHOST', kind: 'string', fallback: fixed('localhost'), doc: 'database server host, or a socket directory for PostgreSQL' },
  { name: 'DBPORT', kind: 'int', fallback: fixed(undefined), doc: 'database server port (default: the engine\'s, 3306 or 5432)' },
  { name: 'DBNAME', kind: 'string', fallback: fixed('kamailio'), doc: 'database name (MySQL, PostgreSQL)' },
  { name: 'DB_PATH', kind: 'string', fallback: () => defaultDbPath(), doc: 'SQLite database file; default /var/lib/sipd/sipd.sqlite for root, else $XDG_DATA_HOME/sipd/sipd.sqlite' },
  { name: 'DBRWUSER', kind: 'string', fallback: fixed('kamailio'), doc: 'read-write database user' },
  { name: 'DBRWPW', kind: 'string', secret: true, fallback: fixed('kamailiorw'), doc: 'password of the read-write user' },
  { name: 'DBROUSER', kind: 'string', fallback: fixed('kamailioro'), doc: 'read-only database user' },
  { name: 'DBROPW', kind: 'string', secret: true, fallback: fixed('kamailioro'), doc: 'password of the read-only user' },
  { name: 'DBACCESSHOST', kind: 'string', fallback: fixed(undefined), doc: 'MySQL: one more host the users are created and granted for' },
  { name: 'DBROOTUSER', kind: 'string', fallback: (cfg) => (engineOf(cfg).startsWith('P') ? 'postgres' : 'root'), doc: 'administrator used by db create/drop/grant: root for MySQL, postgres for PostgreSQL' },
  { name: 'DBROOTPW', kind: 'string', secret: true, fallback: fixed(undefined), doc: 'administrator password; unset means none (socket or trust login) unless a prompt is wanted' },
  { name: 'DBROOTPWSKIP', kind: 'string', fallback: fixed(undefined), doc: 'accepted for kamctlrc compatibility: sipctl never asks for the administrator password unless --ask-root-password is given' },
  { name: 'DBINITASK', kind: 'string', fallback: fixed(undefined), doc: 'yes: db create asks before creating the database, the users and the standard tables' },
  { name: 'CHARSET', kind: 'string', fallback: fixed(undefined), doc: 'MySQL: character set of the new database (default: the server\'s)' },
  { name: 'INSTALL_PRESENCE_TABLES', kind: 'ask', fallback: fixed('ask'), doc: 'yes, no or ask: create the presence tables (PRESENCE_MODULES)' },
  { name: 'INSTALL_EXTRA_TABLES', kind: 'ask', fallback: fixed('ask'), doc: 'yes, no or ask: create the extra tables (EXTRA_MODULES)' },
  { name: 'INSTALL_DBUID_TABLES', kind: 'ask', fallback: fixed('ask'), doc: 'yes, no or ask: create the uid tables (UID_MODULES)' },
  { name: 'STANDARD_MODULES', kind: 'list', fallback: fixed(STANDARD_MODULES_DEFAULT), doc: 'schema modules of the standard group, created by every db create' },
  { name: 'PRESENCE_MODULES', kind: 'list', fallback: fixed(PRESENCE_MODULES_DEFAULT), doc: 'schema modules of the presence group' },
  { name: 'EXTRA_MODULES', kind: 'list', fallback: fixed(EXTRA_MODULES_DEFAULT), doc: 'schema modules of the extra group' },
  { name: 'UID_MODULES', kind: 'list', fallback: fixed(UID_MODULES_DEFAULT), doc: 'schema modules of the uid group' },
  { name: 'STANDARD_TABLES', kind: 'list', fallback: fixed(undefined), doc: 'accepted for kamctlrc compatibility; sipctl derives the tables from the modules' },
  { name: 'PRESENCE_TABLES', kind: 'list', fallback: fixed(undefined), doc: 'accepted for kamctlrc compatibility; sipctl derives the tables from the modules' },
  { name: 'EXTRA_TABLES', kind: 'list', fallback: fixed(undefined), doc: 'accepted for kamctlrc compatibility; sipctl derives the tables from the modules' },
  { name: 'UID_TABLES', kind: 'list', fallback: fixed(undefined), doc: 'accepted for kamctlrc compatibility; sipctl derives the tables from the modules' },
  { name: 'USERCOL', kind: 'string', fallback: fixed('username'), doc: 'accepted for kamctlrc compatibility (unused, as in kamctl 5.6)' },
  { name: 'FOREVER', kind: 'string', fallback: fixed('2030-05-28 21:32:15'), doc: 'the "never expires" timestamp' },
  { name: 'DEFAULT_Q', kind: 'string', fallback: fixed('1.0'), doc: 'q value of contacts added with ul add' },
  { name: 'ALIASES_TYPE', kind: 'string', fallback: fixed(undefined), doc: 'where add looks for an alias of the new name: DB, the dbaliases table (sipctl\'s default; kamctl checks nothing when unset), or UL, the running server\'s usrloc table ALS_TABLE with ul.lookup (the add fails when the server cannot be asked)' },
  { name: 'CTLENGINE', kind: 'string', fallback: fixed('RPCFIFO'), doc: 'control transport: RPCFIFO (JSON-RPC over the FIFO RPCFIFOPATH, as kamctl), BINRPC (as kamcmd, over the unix socket $RUNDIR/sipd_ctl) or HTTP (JSON-RPC to http://127.0.0.1:5071/RPC); CTLURL names any other socket' },
  { name: 'RPCFIFOPATH', kind: 'string', fallback: (cfg) => path.join(cfg.get('RUNDIR') ?? defaultRundir(), 'sipd_rpc.fifo'), doc: 'the JSON-RPC FIFO of the server' },
  { name: 'CHROOT_DIR', kind: 'string', fallback: fixed(undefined), doc: 'prefix of the reply FIFO directory' },
  { name: 'VERIFY_ACL', kind: 'bool', fallback: fixed('1'), doc: '1: acl grant accepts only the groups in ACL_GROUPS' },
  { name: 'ACL_GROUPS', kind: 'list', fallback: fixed('local ld int voicemail free-pstn'), doc: 'the allowed ACL groups' },
  { name: 'VERIFY_USER', kind: 'bool', fallback: fixed('1'), doc: '1: acl commands check that the subscriber exists' },
  { name: 'VERBOSE', kind: 'bool', fallback: fixed('0'), doc: '1: print debug lines (never secrets)' },
  { name: 'STORE_PLAINTEXT_PW', kind: 'bool', fallback: fixed('0'), doc: '1: also store the clear-text password in subscriber.password (kamctl\'s default is 1, sipctl\'s is 0)' },
  { name: 'PID_FILE', kind: 'string', fallback: (cfg) => path.join(cfg.get('RUNDIR') ?? defaultRundir(), 'sipd.pid'), doc: 'pid file of the server, for start, stop and status' },
  { name: 'STARTOPTIONS', kind: 'string', fallback: fixed(''), doc: 'extra options for the server on start' },
  { name: 'SYSLOG', kind: 'bool', fallback: fixed('1'), doc: '0: the server logs to stderr (-E)' },
  { name: 'KAMBIN', kind: 'string', fallback: fixed(undefined), doc: 'the server binary to start (default: sipd of this package; a kamailio binary works too)' },
  { name: 'ETCDIR', kind: 'string', fallback: fixed('/etc/sipd'), doc: 'configuration directory' },
  { name: 'WATCH_PERIOD', kind: 'int', fallback: fixed('2'), doc: 'refresh period of monitor, seconds' },
  { name: 'NOHLPRINT', kind: 'string', fallback: fixed(undefined), doc: 'set: no colours' },
  { name: 'CERTDAYS', kind: 'int', fallback: fixed('365'), doc: 'validity of generated TLS certificates, days' },
  { name: 'MD5', kind: 'string', fallback: fixed(undefined), doc: 'accepted for kamctlrc compatibility (sipctl hashes in-process)' },
  { name: 'SERCMD', kind: 'string', fallback: fixed(undefined), doc: 'accepted for kamctlrc compatibility (sipctl speaks BINRPC itself)' },
  ...['UL_TABLE:location', 'SUB_TABLE:subscriber', 'ACL_TABLE:grp', 'ALS_TABLE:aliases', 'DOMAIN_TABLE:domain', 'UID_DOMAIN_TABLE:uid_domain', 'LCR_TABLE:lcr_gw', 'GW_TABLE:lcr_gw', 'CARRIER_NAME_TABLE:carrier_name', 'DOMAIN_NAME_TABLE:domain_name', 'CARRIERROUTE_TABLE:carrierroute', 'URI_TABLE:uri', 'DA_TABLE:dbaliases', 'SD_TABLE:speed_dial', 'AVP_TABLE:usr_preferences', 'TRUSTED_TABLE:trusted', 'ADDRESS_TABLE:address', 'DISPATCHER_TABLE:dispatcher', 'DIALOG_TABLE:dialog', 'DIALPLAN_TABLE:dialplan', 'ACC_TABLE:acc'].map(
    (pair): RcKeyDef => {
      const [name = '', table] = pair.split(':');
      return { name, kind: 'string', fallback: fixed(table), doc: `name of the ${String(table)} table` };
    },
  ),
  { name: 'SIPD_CFG', kind: 'string', ours: true, fallback: fixed(undefined), doc: 'routing script sipctl start gives the server (-f); default /etc/sipd/sipd.cfg when it exists, else the packaged templates/sipd.cfg; with KAMBIN, $ETCDIR/kamailio.cfg' },
  { name: 'RUNDIR', kind: 'string', ours: true, fallback: () => defaultRundir(), doc: 'runtime directory of pid file and control sockets: /run/sipd for root, else $XDG_RUNTIME_DIR/sipd' },
  { name: 'CTLURL', kind: 'string', ours: true, fallback: fixed(undefined), doc: 'control socket as a URL (unix:/path, unixd:/path, tcp:host:port, udp:host:port, fifo:/path, http://host:port/RPC); overrides CTLENGINE' },
  { name: 'DBTIMEOUT', kind: 'int', ours: true, fallback: fixed('10'), doc: 'seconds to wait for a database connection' },
  { name: 'CTLTIMEOUT', kind: 'int', ours: true, fallback: fixed('5'), doc: 'seconds to wait for the answer to one RPC call (sipctl ping waits at least 40, as the server\'s own transaction timer decides there)' },
  { name: 'RPCFIFOREPLYDIR', kind: 'string', ours: true, fallback: (cfg) => path.join(cfg.get('CHROOT_DIR') ?? '/', 'tmp'), doc: 'directory of the private reply FIFOs of CTLENGINE=RPCFIFO; it must be the server\'s jsonrpcs fifo_reply_dir (Kamailio\'s default /tmp; kamctl uses $CHROOT_DIR/tmp)' },
];

export const RC_KEY_BY_NAME: ReadonlyMap<string, RcKeyDef> = new Map(RC_KEYS.map((k) => [k.name, k]));
