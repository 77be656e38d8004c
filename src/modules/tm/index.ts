/**
 * tm: stateful proxying from the routing script. The proxy core (src/sip/proxy) does the
 * transaction work; this module reads tm's modparams into its settings, exports the script
 * functions, runs branch_route / onreply_route / failure_route, makes sl's send_reply
 * stateful, and serves `tm.stats` and `tm.t_uac_wait_block`. The daemon hands it the proxy
 * core and the compiled script through `TmApi.attachProxy`.
 */
import { FixupError } from '../../cfg/script-api.js';
import { failureReplyModeOf, type ProxySettings } from '../../sip/proxy/index.js';
import type { TimerSettings } from '../../sip/transaction/index.js';
import type { RpcMethod } from '../../rpc/rpc-method.js';
import type { RpcValue } from '../../rpc/rpc-value.js';
import type { ModuleDefinition, ModuleParams, ParamSpec } from '../module-api.js';
import { SlApi } from '../sl/index.js';
import { TmApi } from './tm-api.js';
import { tmFunctions } from './tm-functions.js';
import { tmStats } from './tm-stats.js';
import { buildUacRequest, sendUacRequest, UacError } from './tm-uac.js';

export { TmApi, type ForcedDestination, type TmCounters } from './tm-api.js';
export type { FailureCallback, FailureEvent, RequestInCallback, ResponseOutCallback, ResponseOutEvent } from './tm-callbacks.js';
export { tmStats, type TmStats } from './tm-stats.js';
export { destinationOf } from './tm-functions.js';

/** Parameters Kamailio's tm has that sipd accepts and does not use (documented in the README). */
const ACCEPTED: Readonly<Record<string, ParamSpec>> = Object.fromEntries(
  (
    [
      ['cancel_b_method', 1, 'how branches without a provisional are cancelled (sipd: 1, wait for a provisional)'],
      ['delete_timer', 200, 'not used'],
      ['noisy_ctimer', 1, 'not used: fr timers always end the branch'],
      ['unix_tx_timeout', 500, 'not used'],
      ['aggregate_challenges', 1, '401/407 challenges are always merged (RFC 3261 §16.7)'],
      ['reparse_invite', 1, 'not used'],
      ['ac_extra_hdrs', '', 'not used'],
      ['pass_provisional_replies', 0, 'not used'],
      ['default_code', 500, 'not used'],
      ['default_reason', 'Server Internal Error', 'not used'],
      ['ruri_matching', 1, 'not used'],
      ['via1_matching', 1, 'not used'],
      ['callid_matching', 0, 'not used'],
      ['callid_cseq_matching', 0, 'not used'],
      ['disable_6xx_block', 0, 'not used'],
      ['local_ack_mode', 0, 'not used'],
      ['relay_100', 0, 'not used'],
      ['enable_uac_fr', 0, 'not used'],
      ['fr_inv_timer_next', 30000, 'not used'],
      ['blst_503', 0, 'not used'],
      ['blst_503_def_timeout', 60, 'not used'],
      ['blst_503_min_timeout', 0, 'not used'],
      ['blst_503_max_timeout', 3600, 'not used'],
      ['blst_methods_add', 1, 'not used'],
      ['blst_methods_lookup', 4294967287, 'not used'],
      ['unmatched_cancel', 0, 'not used'],
      ['on_sl_reply', '', 'not used'],
      ['xavp_contact', 'tm_contacts', 'not used'],
      ['reparse_on_dns_failover', 1, 'not used'],
      ['tm_auto_inv_100', 1, 'not used'],
      ['rich_redirect', 0, 'not used'],
      ['event_callback', '', 'not used'],
      ['evlcb_on_reply', '', 'not used'],
    ] as const
  ).map(([name, def, doc]): [string, ParamSpec] => [name, { type: typeof def === 'number' ? 'int' : 'str', default: def, doc }]),
);

function bool(params: ModuleParams, name: string): boolean {
  return params.int(name) !== 0;
}

/** tm's modparams as proxy core settings; throws FixupError for a value out of range. */
export function settingsFromParams(params: ModuleParams): { settings: Partial<ProxySettings>; timers: Partial<TimerSettings> } {
  const positive = (name: string): number => {
    const v = params.int(name);
    if (v <= 0) throw new FixupError(`tm: ${name} must be a positive number of milliseconds, found ${String(v)}`);
    return v;
  };
  const mode = failureReplyModeOf(params.int('failure_reply_mode'));
  if (mode === null) throw new FixupError(`tm: failure_reply_mode must be 0..3, found ${String(params.int('failure_reply_mode'))}`);
  const settings: Partial<ProxySettings> = {
    frTimerMs: positive('fr_timer'),
    frInvTimerMs: positive('fr_inv_timer'),
    restartFrOnEachReply: bool(params, 'restart_fr_on_each_reply'),
    maxInviteLifetimeMs: positive('max_inv_lifetime'),
    maxNonInviteLifetimeMs: positive('max_noninv_lifetime'),
    failureReplyMode: mode,
    autoTrying: bool(params, 'auto_inv_100'),
    tryingReason: params.str('auto_inv_100_reason') ?? 'trying -- your call is important to us',
    remap503: bool(params, 'remap_503_500'),
    localCancelReason: bool(params, 'local_cancel_reason'),
    e2eCancelReason: bool(params, 'e2e_cancel_reason'),
  };
  const timers: Partial<TimerSettings> = { T1: positive('retr_timer1'), T2: positive('retr_timer2'), wait: positive('wt_timer') };
  return { settings, timers };
}

function str(v: RpcValue | undefined): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

export const tmModule: ModuleDefinition = {
  name: 'tm',
  doc: 'stateful proxying: transactions, forking, branch/onreply/failure routes',
  params: {
    fr_timer: { type: 'int', default: 30000, doc: 'ms to wait for a final reply (or an INVITE\'s first provisional)' },
    fr_inv_timer: { type: 'int', default: 120000, doc: 'ms to wait for an INVITE\'s final reply after a provisional' },
    restart_fr_on_each_reply: { type: 'int', default: 1, doc: 'restart fr_inv_timer on every provisional' },
    max_inv_lifetime: { type: 'int', default: 180000, doc: 'longest an INVITE transaction waits for a final answer (ms)' },
    max_noninv_lifetime: { type: 'int', default: 32000, doc: 'the same for other methods (ms)' },
    failure_reply_mode: { type: 'int', default: 3, doc: 'which earlier replies still count once failure_route starts a new leg (0..3)' },
    auto_inv_100: { type: 'int', default: 1, doc: 'answer a relayed INVITE with 100 at once' },
    auto_inv_100_reason: { type: 'str', default: 'trying -- your call is important to us', doc: 'reason phrase of that 100' },
    remap_503_500: { type: 'int', default: 1, doc: 'send 500 instead of a chosen 503' },
    local_cancel_reason: { type: 'int', default: 1, doc: 'Reason header on CANCELs tm makes' },
    e2e_cancel_reason: { type: 'int', default: 1, doc: 'copy Reason headers of a received CANCEL' },
    retr_timer1: { type: 'int', default: 500, doc: 'T1 (ms)' },
    retr_timer2: { type: 'int', default: 4000, doc: 'T2 (ms)' },
    contacts_avp: { type: 'str', default: null, doc: 'enables t_load_contacts/t_next_contacts (sipd keeps the contacts with the transaction, not in this XAVP)' },
    contact_flows_avp: { type: 'str', default: null, doc: 'must be set with contacts_avp (t_next_contact_flow is not implemented)' },
    wt_timer: { type: 'int', default: 5000, doc: 'how long a finished transaction stays to absorb retransmissions (ms); caps RFC 3261 Timers D, J, L and M' },
    ...ACCEPTED,
  },
  create(ctx) {
    const { settings, timers } = settingsFromParams(ctx.params);
    const named = (name: string): string | null => {
      const v = ctx.params.str(name);
      return v === null || v === '' ? null : v;
    };
    const contactsAvp = named('contacts_avp');
    if (contactsAvp !== null && named('contact_flows_avp') === null) throw new FixupError('tm: contact_flows_avp param has not been defined');
    const api = new TmApi(ctx.core, ctx.logger, settings, timers);
    const sl = ctx.api('sl');
    if (sl instanceof SlApi) sl.setStatefulReplier(api.statefulReply);
    const rpc: RpcMethod[] = [
      {
        name: 'tm.stats',
        doc: 'Print transaction statistics.',
        handler: () => {
          const { absorbed: _absorbed, ...s } = tmStats(api);
          return { ...s };
        },
      },
      {
        name: 'tm.t_uac_wait_block',
        doc: 'Send a request as a UAC (method, ruri, next hop, socket, headers [, body]) and return the final reply code and text.',
        handler: async (rc) => {
          const p = rc.params;
          const fields = [0, 1, 2, 3, 4].map((i) => str(p[i]));
          const [method, ruri, nextHop, socket, headers] = fields;
          if (method == null || ruri == null || nextHop == null || socket == null || headers == null) {
            throw rc.fault(400, `too few parameters (${String(fields.filter((f) => f !== null).length)}/5)`);
          }
          const proxy = api.proxy;
          if (proxy === null) throw rc.fault(500, 'RPC/UAC error');
          let req;
          try {
            req = buildUacRequest({ method, ruri, nextHop, socket, headers, body: str(p[5]) ?? '' });
          } catch (err) {
            if (err instanceof UacError) throw rc.fault(err.code, err.message);
            throw err;
          }
          if (socket !== '.' && socket !== '' && proxy.transports.byId(socket) === undefined) throw rc.fault(400, `No local socket for "${socket}"`);
          api.counters.uacTransactions++;
          const reply = await sendUacRequest(proxy, req, nextHop, socket);
          return { code: reply.code, text: reply.text };
        },
      },
    ];
    return { functions: tmFunctions(api, ctx.logger, contactsAvp), rpc, api };
  },
};
