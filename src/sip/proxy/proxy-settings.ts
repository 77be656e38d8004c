import type { Resolver } from '../transport/resolver.js';
import type { HostTarget } from '../transport/response-destination.js';
import type { TransportSet } from '../transport/transport-set.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import { FailureReplyMode } from './failure-reply-mode.js';

/** tm's parameters that the proxy core reads (Kamailio names in brackets). */
export interface ProxySettings {
  /** [fr_timer] ms to wait for a final response, or for an INVITE's first provisional one (30 s). */
  readonly frTimerMs: number;
  /** [fr_inv_timer] ms to wait for an INVITE's final response once a provisional came (120 s). */
  readonly frInvTimerMs: number;
  /** [restart_fr_on_each_reply] restart fr_inv_timer on every provisional, not just the first (true). */
  readonly restartFrOnEachReply: boolean;
  /** [max_inv_lifetime] longest an INVITE transaction waits for its final answer (180 s). */
  readonly maxInviteLifetimeMs: number;
  /** [max_noninv_lifetime] the same for other methods (32 s). */
  readonly maxNonInviteLifetimeMs: number;
  /** [failure_reply_mode] (3). */
  readonly failureReplyMode: FailureReplyMode;
  /** [auto_inv_100] answer a relayed INVITE with 100 at once (true). */
  readonly autoTrying: boolean;
  /** [auto_inv_100_reason] */
  readonly tryingReason: string;
  /** [remap_503_500] send 500 instead of a chosen 503 (true; RFC 3261 §16.7 step 6). */
  readonly remap503: boolean;
  /** The Server header value of local replies; null for none. */
  readonly serverHeader: string | null;
  /** Most branches per transaction (tm's 12). */
  readonly maxBranches: number;
  /** [local_cancel_reason] add `Reason: SIP;cause=<code>` to CANCELs made because of a final response (true). */
  readonly localCancelReason: boolean;
  /** [e2e_cancel_reason] copy the Reason headers of a received CANCEL into the CANCELs we send (true). */
  readonly e2eCancelReason: boolean;
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = {
  frTimerMs: 30_000,
  frInvTimerMs: 120_000,
  restartFrOnEachReply: true,
  maxInviteLifetimeMs: 180_000,
  maxNonInviteLifetimeMs: 32_000,
  failureReplyMode: FailureReplyMode.DiscardOnNewLeg,
  autoTrying: true,
  tryingReason: 'trying -- your call is important to us',
  remap503: true,
  serverHeader: null,
  maxBranches: 12,
  localCancelReason: true,
  e2eCancelReason: true,
};

/** Counters of the proxy core (tm's `stats` RPC in spirit). */
export interface ProxyStats {
  /** Proxy transactions made. */
  transactions: number;
  /** Branches sent. */
  branches: number;
  /** CANCELs sent downstream. */
  cancels: number;
  /** Final responses sent upstream, by class. */
  replies1xx: number;
  replies2xx: number;
  replies3xx: number;
  replies4xx: number;
  replies5xx: number;
  replies6xx: number;
  /** Local final replies (408 timeouts, 487, t_reply …). */
  localReplies: number;
  /** Requests forwarded statelessly. */
  statelessRequests: number;
  /** Responses forwarded statelessly (no transaction, or a late 2xx). */
  statelessResponses: number;
  /** Messages that did not parse. */
  parseErrors: number;
  /** Messages dropped for other reasons (no Via, not ours, unroutable). */
  dropped: number;
}

export function newProxyStats(): ProxyStats {
  return {
    transactions: 0,
    branches: 0,
    cancels: 0,
    replies1xx: 0,
    replies2xx: 0,
    replies3xx: 0,
    replies4xx: 0,
    replies5xx: 0,
    replies6xx: 0,
    localReplies: 0,
    statelessRequests: 0,
    statelessResponses: 0,
    parseErrors: 0,
    dropped: 0,
  };
}

/** What a proxy transaction needs from the proxy core. */
export interface ProxyContext {
  readonly layer: TransactionLayer;
  readonly transports: TransportSet;
  readonly resolver: Resolver;
  readonly settings: ProxySettings;
  readonly stats: ProxyStats;
  reportError(err: unknown): void;
  /**
   * Where a SIP URI (text) points before DNS (RFC 3263 §4.1), from a small cache: the same
   * `$du` or Request-URI text is not parsed again for every branch. Throws SipParseError or
   * ResolveError.
   */
  hostTargetOf(uri: string): HostTarget;
}
