/**
 * The global parameters of the routing script that sipd knows (Kamailio's core parameters),
 * with the kind of value each takes. An unknown name or a value of the wrong kind is a
 * start-up error. Parameters that only tune Kamailio internals (memory, real-time priority)
 * are accepted and ignored so that existing scripts keep working.
 */
import type { GlobalParam, ParamValue } from './ast.js';

/**
 * - `int`: a number (yes/no/on/off are numbers);
 * - `str`: a quoted string or a bare word;
 * - `sockets`: the socket list of `listen` and `alias`;
 * - `addr`: an IP address, a host name or a string;
 * - `any`: anything (kept for compatibility, not interpreted).
 */
export type GlobalParamKind = 'int' | 'str' | 'sockets' | 'addr' | 'any';

const INT = [
  'port', 'children', 'debug', 'log_level', 'log_stderror', 'log_color', 'log_prefix_mode', 'fork', 'auto_aliases',
  'enable_tls', 'disable_tls', 'tls_max_connections', 'tls_port_no', 'enable_sctp', 'disable_sctp', 'sctp_children',
  'disable_tcp', 'tcp_children', 'tcp_connection_lifetime', 'tcp_max_connections', 'tcp_accept_no_cl', 'tcp_connect_timeout',
  'tcp_send_timeout', 'tcp_rd_buf_size', 'tcp_keepalive', 'tcp_keepidle', 'tcp_keepintvl', 'tcp_keepcnt', 'tcp_crlf_ping',
  'tcp_accept_aliases', 'tcp_async', 'tcp_buf_write', 'tcp_conn_wq_max', 'tcp_wq_max', 'tcp_linger2', 'tcp_delayed_ack',
  'tcp_syncnt', 'tcp_defer_accept', 'tcp_accept_haproxy', 'tcp_clone_rcvbuf', 'tcp_reuse_port', 'tcp_accept_hep3',
  'tcp_wait_data', 'tcp_script_mode', 'tcp_accept_unique', 'tcp_connection_match', 'tcp_max_fd_no',
  'memdbg', 'memlog', 'mem_join', 'mem_safety', 'mem_summary', 'mem_status_mode', 'shm_force_alloc',
  'dns', 'rev_dns', 'dns_try_ipv6', 'dns_try_naptr', 'dns_retr_time', 'dns_retr_no', 'dns_servers_no', 'dns_use_search_list',
  'dns_search_full_match', 'dns_cache_init', 'use_dns_cache', 'use_dns_failover', 'dns_srv_lb', 'dns_udp_pref', 'dns_tcp_pref',
  'dns_tls_pref', 'dns_sctp_pref', 'dns_cache_flags', 'dns_cache_negative_ttl', 'dns_cache_min_ttl', 'dns_cache_max_ttl',
  'dns_cache_mem', 'dns_cache_gc_interval', 'dns_cache_del_nonexp', 'dns_naptr_ignore_rfc', 'use_dst_blocklist',
  'use_dst_blacklist', 'dst_blocklist_expire', 'dst_blacklist_expire', 'dst_blocklist_mem', 'dst_blacklist_mem',
  'maxbuffer', 'max_while_loops', 'sip_warning', 'server_signature', 'phone2tel', 'mhomed', 'disable_core_dump',
  'open_files_limit', 'real_time', 'rt_prio', 'rt_timer1_prio', 'rt_timer2_prio', 'reply_to_via', 'advertised_port',
  'check_via', 'latency_log', 'latency_cfg_log', 'latency_limit_action', 'latency_limit_db', 'onsend_route_reply',
  'http_reply_parse', 'tos', 'pmtu_discovery', 'udp_mtu', 'udp_mtu_try_proto', 'async_workers', 'async_nonblock',
  'received_route_mode', 'auto_bind_ipv6', 'bind_ipv6_link_local', 'ip_free_bind', 'sr_auto_aliases', 'fork_delay',
  'modinit_delay', 'server_id', 'corelog', 'sip_parser_log', 'sip_parser_log_oneline', 'route_locks_size',
  'shm_mem_size', 'pkg_mem_size', 'stats_name_separator', 'uri_host_extra_chars', 'msg_time', 'verbose_startup',
  'local_rport', 'force_rport', 'children_sctp', 'ksr_verbose_startup', 'enable_ipv6', 'xavp_via_reply_params',
] as const;

const STR = [
  'log_facility', 'log_prefix', 'log_name', 'log_engine_type', 'log_engine_data', 'server_header', 'user_agent_header',
  'user', 'uid', 'group', 'gid', 'chroot', 'workdir', 'wdir', 'rundir', 'run_dir', 'tcp_poll_method', 'rt_policy',
  'rt_timer1_policy', 'rt_timer2_policy', 'xavp_via_params', 'xavp_via_fields', 'latency_limit_cfg', 'kemi.onsend_route_callback',
  'kemi.received_route_callback', 'kemi.reply_route_callback', 'kemi.pre_routing_callback', 'socket_workers', 'loadpath', 'mpath',
  'async_usleep', 'version_table', 'dns_cache_rec_pref', 'shm_mem_pool', 'event_route_callback', 'pv_buffer_size',
  'pv_buffer_slots', 'mem_pool', 'tls_threads_mode', 'dst_blocklist_udp_imask', 'lookup_domain_prefix',
] as const;

const ADDR = ['advertised_address', 'tcp_source_ipv4', 'tcp_source_ipv6', 'bind_address'] as const;
const SOCKETS = ['listen', 'alias'] as const;

export const GLOBAL_PARAMS: ReadonlyMap<string, GlobalParamKind> = new Map<string, GlobalParamKind>([
  ...INT.map((n) => [n, 'int'] as const),
  ...STR.map((n) => [n, 'str'] as const),
  ...ADDR.map((n) => [n, 'addr'] as const),
  ...SOCKETS.map((n) => [n, 'sockets'] as const),
]);

/** Names that Kamailio spells two ways. */
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['log_level', 'debug'],
  ['uid', 'user'],
  ['gid', 'group'],
  ['wdir', 'workdir'],
  ['run_dir', 'rundir'],
  ['use_dst_blacklist', 'use_dst_blocklist'],
]);

/** The canonical name of a global parameter (`log_level` → `debug`). */
export function canonicalParamName(name: string): string {
  return SYNONYMS.get(name) ?? name;
}

function describe(v: ParamValue): string {
  switch (v.type) {
    case 'number':
      return `the number ${v.text}`;
    case 'string':
      return `the string ${JSON.stringify(v.value)}`;
    case 'ident':
      return `the word ${v.value}`;
    case 'address':
      return `the address ${v.value}`;
    case 'sockets':
      return 'a socket list';
  }
}

/** Checks one global parameter; returns a problem text or null. */
export function checkGlobalParam(p: GlobalParam): string | null {
  const kind = GLOBAL_PARAMS.get(p.name);
  if (kind === undefined) return `unknown global parameter "${p.name}"`;
  const v = p.value;
  switch (kind) {
    case 'int':
      return v.type === 'number' ? null : `global parameter "${p.name}" takes a number, found ${describe(v)}`;
    case 'str':
      return v.type === 'string' || v.type === 'ident' ? null : `global parameter "${p.name}" takes a string, found ${describe(v)}`;
    case 'addr':
      return v.type === 'string' || v.type === 'ident' || v.type === 'address' ? null : `global parameter "${p.name}" takes an address, found ${describe(v)}`;
    case 'sockets':
      return v.type === 'sockets' || v.type === 'string' || v.type === 'ident' || v.type === 'address' ? null : `global parameter "${p.name}" takes a socket list, found ${describe(v)}`;
    case 'any':
      return null;
  }
}
