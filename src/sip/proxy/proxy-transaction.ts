import { serializeMessage } from '../message-serializer.js';
import { SipParseError } from '../sip-parse-error.js';
import type { SipRequest } from '../sip-request.js';
import { SipResponse } from '../sip-response.js';
import { createCancel } from '../transaction/create-cancel.js';
import { createResponse } from '../transaction/create-response.js';
import { InviteClientTransaction } from '../transaction/invite-client.js';
import type { ClientTransaction, ClientTransactionUser } from '../transaction/client-transaction-user.js';
import { IGNORING_SERVER_USER, type ServerTransaction, type ServerTransactionUser } from '../transaction/server-transaction-user.js';
import { TimerEntry, type TimerTarget } from '../transaction/timer-wheel.js';
import { viaValue } from '../transport/listen.js';
import { ResolveError, type ResolvedTarget } from '../transport/resolver.js';
import type { Transport } from '../transport/transport.js';
import type { DestInfo, ReceiveInfo } from '../transport-types.js';
import { cloneRequest } from './clone-request.js';
import { FailureReplyMode } from './failure-reply-mode.js';
import { ProxyBranch } from './proxy-branch.js';
import type { ProxyContext } from './proxy-settings.js';
import { betterResponse } from './response-selection.js';

/** One destination of `relay()` (an entry of Kamailio's destination set). */
export interface BranchTarget {
  /** The branch's Request-URI (`$ru`); default: the request's. */
  readonly requestUri?: string;
  /** Where to send it (`$du`); default: the Request-URI. */
  readonly dstUri?: string;
  /** The listener id to send from (`force_send_socket`); default: the first that fits. */
  readonly sendSocket?: string;
  /**
   * The branch's path vector (a registered contact's Path, RFC 3327 §5.3): sent as a Route
   * field above any Route the request has.
   */
  readonly path?: string;
}

/**
 * branch_route: called with each branch's own copy of the request just before it is sent;
 * may edit it. Returning false drops the branch (Kamailio `drop` in branch_route).
 */
export type BranchHook = (request: SipRequest, branchIndex: number, tx: ProxyTransaction) => boolean | undefined;

/**
 * onreply_route: called with every response a branch receives (our Via still on top),
 * before the proxy acts on it. Returning false drops it: a provisional is not relayed; a final
 * one is ignored and the branch waits on until its fr timer gives it a 408.
 */
export type ReplyHook = (response: SipResponse, branchIndex: number, tx: ProxyTransaction) => boolean | undefined;

/**
 * failure_route: called once every branch has a final answer and the best is 300–699 (local
 * 408/478/503 included, and after a CANCEL). The hook is disarmed before it runs (arm it again
 * inside for another round). It may `relay()` new branches (serial forking: the best
 * response is then not sent, and `failure_reply_mode` decides which old answers still
 * count) or `reply()` something else; otherwise the best response is sent upstream.
 */
export type FailureHook = (best: SipResponse, tx: ProxyTransaction) => void;

/**
 * Called once, right after the transaction's first final response went upstream (relayed,
 * chosen among the branches, or a local `reply()`), before the transaction lets go of its
 * branches.
 */
export type FinalResponseHook = (response: SipResponse, tx: ProxyTransaction) => void;

/** Why `relay()` started no branch: the reply tm would send for it. */
export interface RelayError {
  readonly status: number;
  readonly reason: string;
}

const FORK_LIMIT: RelayError = { status: 500, reason: 'Forking capacity exceeded' };
const CANCELED: RelayError = { status: 487, reason: 'Request Terminated' };
const FINAL_SENT: RelayError = { status: 500, reason: 'Transaction already answered' };
const ALL_DROPPED: RelayError = { status: 500, reason: 'No branch left to relay' };
const NO_SOCKET: RelayError = { status: 503, reason: 'Service Unavailable' };
const UNRESOLVABLE: RelayError = { status: 478, reason: 'Unresolvable destination' };
const BAD_URI: RelayError = { status: 400, reason: 'Bad Destination URI' };

/**
 * The stateful proxy's view of one transaction (Kamailio's `struct cell`, RFC 3261 §16's
 * "response context"): the server transaction, its branches and their client transactions,
 * the choice of the best response, CANCEL handling, the fr timers, and the hooks the routing
 * layer arms (`onBranch`, `onReply`, `onFailure`). Made by `ProxyCore.newTransaction()`.
 */
export class ProxyTransaction implements ServerTransactionUser, TimerTarget {
  readonly ctx: ProxyContext;
  readonly server: ServerTransaction;
  /** The request as received (and as the routing layer edited it); branches are copies. */
  readonly request: SipRequest;
  readonly info: ReceiveInfo;
  readonly isInvite: boolean;
  onBranch: BranchHook | null = null;
  onReply: ReplyHook | null = null;
  onFailure: FailureHook | null = null;
  onFinalResponse: FinalResponseHook | null = null;
  failureReplyMode: FailureReplyMode;
  /** Per transaction fr_timer / fr_inv_timer (`t_set_fr`). */
  frTimerMs: number;
  frInvTimerMs: number;
  /** For the routing layer: whatever it keeps per transaction (armed route names, flags, AVPs). */
  userData: unknown = undefined;
  /** Why the last `relay()` started nothing. */
  lastError: RelayError | null = null;
  #canceled = false;
  #finalStatus = 0;
  #branches: ProxyBranch[] = [];
  #leg = 0;
  #inRelay = false;
  #inFailure = false;
  #deciding = false;
  #toTag: string | null = null;
  readonly #lifetime: TimerEntry;

  constructor(ctx: ProxyContext, server: ServerTransaction, request: SipRequest, info: ReceiveInfo) {
    this.ctx = ctx;
    this.server = server;
    this.request = request;
    this.info = info;
    this.isInvite = request.method === 'INVITE';
    const s = ctx.settings;
    this.failureReplyMode = s.failureReplyMode;
    this.frTimerMs = s.frTimerMs;
    this.frInvTimerMs = s.frInvTimerMs;
    server.user = this;
    this.#lifetime = new TimerEntry(this, 'life');
    ctx.layer.wheel.schedule(this.#lifetime, this.isInvite ? s.maxInviteLifetimeMs : s.maxNonInviteLifetimeMs);
  }

  /** Whether the UAC cancelled the transaction (`t_is_canceled`). */
  get canceled(): boolean {
    return this.#canceled;
  }

  /** The final status sent upstream; 0 before one. */
  get finalStatus(): number {
    return this.#finalStatus;
  }

  /** Whether `onFailure` is running (Kamailio's failure_route). */
  get inFailureRoute(): boolean {
    return this.#inFailure;
  }

  get branches(): readonly ProxyBranch[] {
    return this.#branches;
  }

  /** Branches still waiting for a final response. */
  get pendingBranches(): number {
    let n = 0;
    for (const b of this.#branches) if (b.pending) n++;
    return n;
  }

  /** Our To tag for local replies: made once, so retransmissions and every local reply agree. */
  get toTag(): string {
    this.#toTag ??= this.ctx.layer.ids.hex(16);
    return this.#toTag;
  }

  // ---- relaying -------------------------------------------------------------------------

  /**
   * Sends one branch per target (`t_relay`; no targets: one branch to the request's own
   * Request-URI). Returns the number of branches now on their way (sent, or waiting for DNS);
   * 0 when none is, with `lastError` saying what tm would answer. Branches that fail at once
   * still count as answered (478, 503) for the best-response choice.
   */
  relay(targets: readonly BranchTarget[] = [{}]): number {
    this.lastError = null;
    if (this.#finalStatus !== 0) {
      this.lastError = FINAL_SENT;
      return 0;
    }
    if (this.#canceled) {
      this.lastError = CANCELED;
      return 0;
    }
    const leg = this.#leg;
    let started = 0;
    this.#inRelay = true;
    try {
      for (const target of targets) {
        if (this.#branches.length >= this.ctx.settings.maxBranches) {
          this.lastError = FORK_LIMIT;
          break;
        }
        if (this.#startBranch(target, leg)) started++;
      }
    } finally {
      this.#inRelay = false;
    }
    if (started === 0) {
      this.lastError ??= ALL_DROPPED;
      if (this.#inFailure) {
        // Branches that failed at once do not form a new leg: the old answers stand.
        for (let i = this.#branches.length - 1; i >= 0; i--) {
          const b = this.#branches[i];
          if (b === undefined || b.leg !== leg) break;
          b.discarded = true;
        }
      }
    }
    return started;
  }

  #startBranch(target: BranchTarget, leg: number): boolean {
    const index = this.#branches.length;
    const req = cloneRequest(this.request);
    const branch = new ProxyBranch(this, index, leg, req);
    this.#branches.push(branch);
    try {
      if (target.requestUri !== undefined) req.setRequestUri(target.requestUri);
    } catch (err) {
      if (!(err instanceof SipParseError)) throw err;
      this.#failAtOnce(branch, BAD_URI);
      return false;
    }
    const hook = this.onBranch;
    if (hook !== null) {
      let keep: boolean | undefined;
      try {
        keep = hook(req, index, this);
      } catch (err) {
        this.ctx.reportError(err);
        keep = false;
      }
      if (keep === false) {
        branch.state = 'dropped';
        branch.request = null;
        return false;
      }
    }
    if (target.path !== undefined) req.prependHeader('Route', target.path);
    let resolved: ResolvedTarget[] | null;
    let hostTarget;
    try {
      hostTarget = this.ctx.hostTargetOf(target.dstUri ?? req.requestUriText);
      resolved = this.ctx.resolver.resolveNow(hostTarget);
    } catch (err) {
      if (err instanceof SipParseError) {
        this.#failAtOnce(branch, BAD_URI);
        return false;
      }
      if (err instanceof ResolveError) {
        this.#failAtOnce(branch, UNRESOLVABLE);
        return false;
      }
      throw err;
    }
    if (resolved !== null) return this.#sendBranch(branch, resolved, target.sendSocket);
    // A name to look up: the branch waits (counts as pending) until DNS answers.
    branch.state = 'resolving';
    this.ctx.resolver.resolve(hostTarget).then(
      (targets) => {
        if (branch.state !== 'resolving') return;
        if (!this.#sendBranch(branch, targets, target.sendSocket)) this.#maybeComplete();
      },
      () => {
        this.branchFailed(branch, UNRESOLVABLE.status, UNRESOLVABLE.reason);
      },
    );
    return true;
  }

  #failAtOnce(branch: ProxyBranch, error: RelayError): void {
    this.lastError = error;
    branch.state = 'completed';
    branch.status = error.status;
    branch.localReason = error.reason;
    branch.local = true;
    branch.request = null;
  }

  /** Picks a socket for the first target that has one, adds our Via and starts the client transaction. */
  #sendBranch(branch: ProxyBranch, targets: readonly ResolvedTarget[], sendSocket: string | undefined): boolean {
    const req = branch.request;
    if (req === null) return false;
    let transport: Transport | undefined;
    let chosen: ResolvedTarget | undefined;
    for (const t of targets) {
      transport = this.ctx.transports.select(t.proto, t.family, sendSocket);
      if (transport !== undefined) {
        chosen = t;
        break;
      }
    }
    if (transport === undefined || chosen === undefined) {
      this.#failAtOnce(branch, NO_SOCKET);
      return false;
    }
    const dest: DestInfo = { proto: chosen.proto, to: { address: chosen.address, port: chosen.port, family: chosen.family }, listenerId: transport.id };
    const layer = this.ctx.layer;
    const id = layer.newBranch();
    req.prependHeader('Via', viaValue(transport.listener, id));
    branch.dest = dest;
    branch.state = 'sent';
    const tx = layer.createClient(req, dest, id, branch);
    branch.tx = tx;
    this.ctx.stats.branches++;
    layer.wheel.schedule(branch.frTimer, this.frTimerMs);
    tx.start();
    return true;
  }

  // ---- responses from branches ------------------------------------------------------------

  /** @internal A response the branch's client transaction passed up. */
  branchResponse(b: ProxyBranch, res: SipResponse): void {
    const status = res.status;
    const hook = this.onReply;
    if (hook !== null) {
      let keep: boolean | undefined;
      try {
        keep = hook(res, b.index, this);
      } catch (err) {
        this.ctx.reportError(err);
      }
      if (keep === false) return;
    }
    if (status < 200) {
      this.#branchProvisional(b, res);
      return;
    }
    if (!b.pending) {
      // RFC 3261 §16.7 step 5: "Any 2xx response ... MUST be forwarded" — a 2xx retransmission
      // (RFC 6026) or a 2xx after this branch was given up (fr timer): relay it end to end.
      if (status < 300) this.#relay2xx(res);
      return;
    }
    this.ctx.layer.wheel.cancel(b.frTimer);
    b.state = 'completed';
    b.status = status;
    b.response = res;
    res.removeTopVia();
    if (status < 300) {
      // §16.7 step 5, "the proxy MUST ... forward the response immediately" for 2xx; step 10:
      // "If a final response has been sent ... the proxy MUST cancel all pending branches".
      this.#relay2xx(res);
      if (this.isInvite) this.#cancelPending(b, this.ctx.settings.localCancelReason ? ['SIP;cause=200;text="Call completed elsewhere"'] : []);
    } else if (status >= 600 && this.isInvite) {
      // §16.7 step 5: a 6xx is not forwarded at once, but "the proxy SHOULD cancel all
      // client pending transactions" (16.7 step 6 then picks the 6xx).
      this.#cancelPending(b, this.ctx.settings.localCancelReason ? [`SIP;cause=${String(status)}`] : []);
    }
    this.#maybeComplete();
  }

  #branchProvisional(b: ProxyBranch, res: SipResponse): void {
    if (!b.pending) {
      // A provisional after we gave the branch up: time to send the CANCEL we owe (§9.1).
      if (this.isInvite && b.cancelWanted && !b.cancelSent) this.#sendCancel(b, b.cancelReasons);
      return;
    }
    const first = b.state !== 'proceeding';
    b.state = 'proceeding';
    b.status = res.status;
    if (this.isInvite) {
      // fr_inv_timer (RFC 3261 Timer C, §16.6 step 11 / §16.7 step 2): restarted by provisionals.
      if (first || this.ctx.settings.restartFrOnEachReply) this.ctx.layer.wheel.schedule(b.frTimer, this.frInvTimerMs);
      if (b.cancelWanted && !b.cancelSent) {
        // RFC 3261 §9.1: "If no provisional response has been received, the CANCEL request
        // MUST NOT be sent; rather, the client MUST wait for the arrival of a provisional
        // response before sending the request."
        this.#sendCancel(b, b.cancelReasons);
      }
    }
    // §16.7 step 5: "Any provisional response other than 100 (Trying) MUST be forwarded
    // upstream immediately."
    if (res.status > 100 && this.#finalStatus === 0 && res.removeTopVia()) {
      if (this.server.respond(res)) this.ctx.stats.replies1xx++;
    }
  }

  #relay2xx(res: SipResponse): void {
    const first = this.#finalStatus === 0;
    if (first) this.#setFinal(res.status);
    this.ctx.stats.replies2xx++;
    if (this.server.respond(res)) {
      if (first) this.#finalSent(res);
      return;
    }
    if (!this.isInvite) return;
    // The server transaction already sent a non-2xx (or ended): RFC 6026 §8 lets a proxy
    // forward a 2xx statelessly, straight to the transport.
    this.ctx.stats.statelessResponses++;
    this.ctx.layer.send(this.server.responseDest, serializeMessage(res));
  }

  /** @internal fr_timer / fr_inv_timer fired (RFC 3261 §16.8 for Timer C). */
  branchTimedOut(b: ProxyBranch): void {
    if (!b.pending) return;
    if (this.isInvite) {
      // §16.8: "If the client transaction has received a provisional response, the proxy MUST
      // generate a CANCEL request matching that transaction. If the client transaction has not
      // received a provisional response, the proxy MUST behave as if the transaction received
      // a 408 (Request Timeout) response." A late provisional still gets its CANCEL.
      if (b.state === 'proceeding') this.#sendCancel(b, []);
      else b.cancelWanted = true;
    }
    const tx = b.tx;
    if (tx !== null) tx.stopRetransmissions();
    this.#completeLocally(b, 408, 'Request Timeout');
    this.#maybeComplete();
  }

  /** @internal Timer B/F, a transport error, or DNS failure ended the branch. */
  branchFailed(b: ProxyBranch, status: number, reason: string): void {
    if (!b.pending) return;
    this.#completeLocally(b, status, reason);
    this.#maybeComplete();
  }

  #completeLocally(b: ProxyBranch, status: number, reason: string): void {
    this.ctx.layer.wheel.cancel(b.frTimer);
    b.state = 'completed';
    b.status = status;
    b.localReason = reason;
    b.local = true;
    b.response = null;
  }

  // ---- CANCEL -------------------------------------------------------------------------

  /**
   * The UAC cancelled (RFC 3261 §16.10): CANCEL every pending branch that has a provisional
   * response, and the others as soon as they get one (`cancel_b_method` 1). The caller has
   * answered the CANCEL itself with 200. `reasons` are Reason header values to copy.
   */
  cancel(reasons: readonly string[] = []): void {
    if (this.#canceled) return;
    this.#canceled = true;
    if (!this.isInvite || this.#finalStatus !== 0) return;
    this.#cancelPending(null, this.ctx.settings.e2eCancelReason ? reasons : []);
  }

  #cancelPending(except: ProxyBranch | null, reasons: readonly string[]): void {
    for (const b of this.#branches) {
      if (b === except || !b.pending) continue;
      if (b.state === 'proceeding') {
        this.#sendCancel(b, reasons);
      } else if (b.state === 'resolving') {
        this.#completeLocally(b, 487, 'Request Terminated');
      } else {
        b.cancelWanted = true;
        b.cancelReasons = reasons;
      }
    }
  }

  #sendCancel(b: ProxyBranch, reasons: readonly string[]): void {
    const tx = b.tx;
    const req = b.request;
    if (b.cancelSent || tx === null || req === null || b.dest === null || !(tx instanceof InviteClientTransaction)) return;
    b.cancelSent = true;
    const cancel = createCancel(req, reasons);
    const ct = this.ctx.layer.createClient(cancel, b.dest, tx.branch, b);
    b.cancelTx = ct;
    this.ctx.stats.cancels++;
    ct.start();
    tx.cancelSent();
  }

  // ---- choosing and sending the final response -------------------------------------------

  /** The best final answer so far among the branches that still count (§16.7 step 6). */
  bestBranch(): ProxyBranch | null {
    let best: ProxyBranch | null = null;
    for (const b of this.#branches) {
      if (!b.completed || b.discarded) continue;
      if (best === null || betterResponse(b.status, best.status)) best = b;
    }
    return best;
  }

  #maybeComplete(): void {
    if (this.#deciding || this.#inRelay) return;
    if (this.#finalStatus !== 0) {
      if (this.pendingBranches === 0) this.#release();
      return;
    }
    if (this.#branches.length === 0 || this.pendingBranches > 0) return;
    this.#decide();
  }

  /** Every branch answered and nothing final went upstream: failure handling, then the best answer. */
  #decide(): void {
    this.#deciding = true;
    try {
      let best = this.bestBranch();
      const hook = this.onFailure;
      if (best !== null && best.status >= 300 && hook !== null) {
        this.onFailure = null;
        const before = this.#branches.length;
        const failedLeg = this.#leg;
        this.#leg++;
        this.#inFailure = true;
        try {
          hook(this.#responseOf(best), this);
        } catch (err) {
          this.ctx.reportError(err);
        } finally {
          this.#inFailure = false;
        }
        if (this.#finalStatus !== 0) return;
        let live = false;
        for (let i = before; i < this.#branches.length; i++) if (this.#branches[i]?.pending === true) live = true;
        if (live) {
          this.#applyFailureReplyMode(before, failedLeg);
          return;
        }
        best = this.bestBranch();
      }
      if (best === null) {
        this.reply(this.#canceled ? 487 : 500, this.#canceled ? 'Request Terminated' : 'Server Internal Error');
        return;
      }
      this.#sendBest(best);
    } finally {
      this.#deciding = false;
    }
    if (this.#finalStatus !== 0 && this.pendingBranches === 0) this.#release();
  }

  #applyFailureReplyMode(newLegStart: number, failedLeg: number): void {
    switch (this.failureReplyMode) {
      case FailureReplyMode.KeepAll:
        return;
      case FailureReplyMode.DiscardAll:
      case FailureReplyMode.DiscardOnNewLeg:
        for (let i = 0; i < newLegStart; i++) {
          const b = this.#branches[i];
          if (b !== undefined) b.discarded = true;
        }
        return;
      case FailureReplyMode.DiscardLastLeg:
        for (let i = 0; i < newLegStart; i++) {
          const b = this.#branches[i];
          if (b !== undefined && b.leg === failedLeg) b.discarded = true;
        }
        return;
    }
  }

  /** The response a branch stands for: the one received, or a local one built for it. */
  #responseOf(b: ProxyBranch): SipResponse {
    if (!b.local && b.response !== null) return b.response;
    const status = this.#canceled && b.status === 408 ? 487 : b.status;
    const reason = status === 487 && b.status !== 487 ? 'Request Terminated' : b.localReason;
    return this.#localResponse(status, reason, []);
  }

  #sendBest(b: ProxyBranch): void {
    const s = this.ctx.settings;
    if (b.local || b.response === null) {
      let status = b.status;
      let reason = b.localReason;
      if (this.#canceled && status === 408) {
        status = 487;
        reason = 'Request Terminated';
      }
      if (s.remap503 && status === 503) {
        status = 500;
        reason = 'Server Internal Error';
      }
      this.reply(status, reason);
      return;
    }
    let res = b.response;
    if (s.remap503 && res.status === 503) {
      // §16.7 step 6: "If the only response that was received is a 503, the proxy SHOULD
      // generate a 500 response and forward that upstream."
      res = new SipResponse(res.version, 500, 'Server Internal Error', res.headers.slice(), res.body);
    }
    if (res.status === 401 || res.status === 407) this.#aggregateChallenges(res, b);
    this.#setFinal(res.status);
    if (this.server.respond(res)) this.#finalSent(res);
  }

  /**
   * §16.7 step 7: "If the selected response is a 401 or 407, the proxy MUST collect any
   * WWW-Authenticate and Proxy-Authenticate header field values from all other 401 and 407
   * responses received so far in this response context and add them to this response".
   */
  #aggregateChallenges(res: SipResponse, chosen: ProxyBranch): void {
    for (const b of this.#branches) {
      const other = b.response;
      if (b === chosen || other === null || b.discarded || (other.status !== 401 && other.status !== 407)) continue;
      for (const h of other.headers) {
        if (h.key === 'www-authenticate' || h.key === 'proxy-authenticate') res.appendHeader(h.name, h.value);
      }
    }
  }

  #setFinal(status: number): void {
    this.#finalStatus = status;
    this.ctx.layer.wheel.cancel(this.#lifetime);
    const st = this.ctx.stats;
    if (status < 300) return;
    if (status < 400) st.replies3xx++;
    else if (status < 500) st.replies4xx++;
    else if (status < 600) st.replies5xx++;
    else st.replies6xx++;
  }

  #finalSent(res: SipResponse): void {
    const hook = this.onFinalResponse;
    if (hook === null) return;
    try {
      hook(res, this);
    } catch (err) {
      this.ctx.reportError(err);
    }
  }

  #localResponse(status: number, reason: string, headers: readonly (readonly [string, string])[], body?: Buffer): SipResponse {
    const server = this.ctx.settings.serverHeader;
    const all = server === null ? headers : [...headers, ['Server', server] as const];
    return createResponse(this.request, status, reason, { toTag: this.toTag, headers: all, ...(body === undefined ? {} : { body }) });
  }

  /**
   * Sends a local reply statefully (`t_reply`, tm's own 100/408/487): built from the request
   * with our To tag. A final reply while branches are pending cancels them. Returns false when
   * the server transaction refuses it (a final response was already sent).
   */
  reply(status: number, reason: string, headers: readonly (readonly [string, string])[] = [], body?: Buffer): boolean {
    if (status >= 200 && this.#finalStatus !== 0) return false;
    const res = this.#localResponse(status, reason, headers, body);
    if (!this.server.respond(res)) return false;
    if (status < 200) {
      this.ctx.stats.replies1xx++;
      return true;
    }
    this.ctx.stats.localReplies++;
    if (status < 300) this.ctx.stats.replies2xx++;
    this.#setFinal(status);
    this.#finalSent(res);
    if (this.isInvite && !this.#deciding) this.#cancelPending(null, []);
    if (this.pendingBranches === 0 && !this.#deciding) this.#release();
    return true;
  }

  // ---- life cycle -------------------------------------------------------------------------

  /**
   * @internal The routing script finished with the request. When relay() failed at once for
   * every branch and nothing was answered, tm's error reply goes out now (Kamailio sends it
   * when the script ends). A cancelled transaction without branches gets its 487.
   */
  requestRouteDone(): void {
    if (this.#finalStatus !== 0 || this.pendingBranches > 0) return;
    if (this.#branches.length > 0) {
      this.#maybeComplete();
      return;
    }
    if (this.#canceled && this.isInvite) this.reply(487, 'Request Terminated');
  }

  /** max_inv_lifetime / max_noninv_lifetime: nothing final after all that time. */
  onTimer(kind: string): void {
    if (kind !== 'life' || this.#finalStatus !== 0) return;
    let any = false;
    for (const b of this.#branches) {
      if (!b.pending) continue;
      any = true;
      if (this.isInvite && b.state === 'proceeding') this.#sendCancel(b, []);
      b.tx?.stopRetransmissions();
      this.#completeLocally(b, 408, 'Request Timeout');
    }
    if (any || this.#branches.length > 0) this.#maybeComplete();
    else this.reply(this.#canceled ? 487 : 408, this.#canceled ? 'Request Terminated' : 'Request Timeout');
  }

  /**
   * A finished transaction (final answer sent, every branch answered) lets go of everything:
   * the server and client transactions that live on for their RFC wait timers (J, L, M …)
   * keep only a small relay for late 2xx retransmissions, so this object, the request and the
   * branches can be collected while the tables still absorb retransmissions.
   */
  #release(): void {
    this.ctx.layer.wheel.cancel(this.#lifetime);
    for (const b of this.#branches) {
      if (b.pending || (b.cancelWanted && !b.cancelSent && b.tx !== null && !b.tx.terminated)) return;
    }
    this.server.user = IGNORING_SERVER_USER;
    const relay = this.isInvite ? new LateResponseRelay(this.server, this.ctx) : IGNORING_CLIENT_USER;
    for (const b of this.#branches) {
      this.ctx.layer.wheel.cancel(b.frTimer);
      if (b.tx !== null && !b.tx.terminated) b.tx.user = relay;
      if (b.cancelTx !== null && !b.cancelTx.terminated) b.cancelTx.user = IGNORING_CLIENT_USER;
      b.request = null;
      b.response = null;
    }
  }

  onServerTimeout(): void {
    // Timer H: the UAC never ACKed our final response. Nothing more to do.
  }

  onServerTransportError(): void {
    // The upstream is gone; the branches finish on their own.
  }

  onServerTerminated(): void {
    this.ctx.layer.wheel.cancel(this.#lifetime);
  }
}

/** The user of client transactions whose proxy transaction has finished: nothing to do. */
const IGNORING_CLIENT_USER: ClientTransactionUser = {
  onResponse: () => undefined,
  onTimeout: () => undefined,
  onTransportError: () => undefined,
};

/**
 * What stays of a finished INVITE proxy transaction for its client transactions in Accepted
 * (RFC 6026 Timer M): 2xx retransmissions from downstream are still relayed upstream
 * (RFC 3261 §16.7 step 5: every 2xx is forwarded).
 */
class LateResponseRelay implements ClientTransactionUser {
  readonly #server: ServerTransaction;
  readonly #ctx: ProxyContext;

  constructor(server: ServerTransaction, ctx: ProxyContext) {
    this.#server = server;
    this.#ctx = ctx;
  }

  onResponse(_tx: ClientTransaction, res: SipResponse): void {
    if (res.status < 200 || res.status >= 300 || !res.removeTopVia()) return;
    this.#ctx.stats.replies2xx++;
    if (this.#server.respond(res)) return;
    this.#ctx.stats.statelessResponses++;
    this.#ctx.layer.send(this.#server.responseDest, serializeMessage(res));
  }

  onTimeout(): void {
    // Nothing is waiting for this branch any more.
  }

  onTransportError(): void {
    // Nothing is waiting for this branch any more.
  }
}
