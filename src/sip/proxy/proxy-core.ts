import { parseMessage, type ParseOptions } from '../message-parser.js';
import { serializeMessage } from '../message-serializer.js';
import { SipParseError } from '../sip-parse-error.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import { parseUri } from '../uri.js';
import type { Clock } from '../transaction/clock.js';
import { createResponse } from '../transaction/create-response.js';
import { IGNORING_SERVER_USER } from '../transaction/server-transaction-user.js';
import type { TimerSettings } from '../transaction/timers.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { errorReplyFromHeaderBytes } from '../transport/error-reply.js';
import { defaultPort, viaValue } from '../transport/listen.js';
import { ResolveError, Resolver, uriHostTarget, type ResolvedTarget } from '../transport/resolver.js';
import { numericDest, responseDestination, viaProto, viaTarget, type HostTarget } from '../transport/response-destination.js';
import { isReliable, type TransportSink } from '../transport/transport.js';
import type { TransportSet } from '../transport/transport-set.js';
import { addReceivedParams } from '../transport/via-received.js';
import type { DestInfo, ReceiveInfo } from '../transport-types.js';
import { DEFAULT_PROXY_SETTINGS, newProxyStats, type ProxyContext, type ProxySettings, type ProxyStats } from './proxy-settings.js';
import { ProxyTransaction, type BranchHook, type BranchTarget, type FailureHook, type ReplyHook } from './proxy-transaction.js';
import { statelessBranch, statelessToTag } from './stateless-ids.js';

const STREAM: ParseOptions = { stream: true };
const DATAGRAM: ParseOptions = {};

/** The routing layer's entry points into the core's receive path. */
export interface ProxyCoreHooks {
  /**
   * request_route: a request that no transaction absorbed. It decides: `relay()`,
   * `forward()`, `replyStateless()`, `newTransaction()` + `reply()`, or nothing (drop). May
   * return a promise; tm's deferred error reply (relay failed, nobody answered) waits for it.
   */
  onRequest?: (req: SipRequest, info: ReceiveInfo) => void | Promise<void>;
  /** reply_route: every response, before transaction matching; false drops it. */
  onResponse?: (res: SipResponse, info: ReceiveInfo) => boolean | undefined;
  /** A response that matched no client transaction: forwarded statelessly by its Via unless this returns false. */
  onStrayResponse?: (res: SipResponse, info: ReceiveInfo) => boolean | undefined;
  /** Bytes that did not parse. Default: a 400 back to a request when Via, From, To, Call-ID and CSeq can be read. */
  onParseError?: (data: Buffer, info: ReceiveInfo, err: SipParseError) => void;
  /** A proxy transaction was made (by `newTransaction()`, also inside `relay()`). */
  onTransaction?: (tx: ProxyTransaction) => void;
}

/** Hooks armed on one transaction by `relay()` (t_on_branch, t_on_reply, t_on_failure). */
export interface TransactionHooks {
  readonly onBranch?: BranchHook | null;
  readonly onReply?: ReplyHook | null;
  readonly onFailure?: FailureHook | null;
}

export interface ProxyCoreOptions {
  readonly transports: TransportSet;
  readonly clock?: Clock;
  /** T1, T2, T4. */
  readonly timers?: Partial<TimerSettings>;
  /** Timer wheel resolution (ms). */
  readonly tickMs?: number;
  readonly resolver?: Resolver;
  readonly settings?: Partial<ProxySettings>;
  readonly hooks?: ProxyCoreHooks;
  /** Exceptions from hooks and transaction users; the core carries on. */
  readonly onError?: (err: unknown) => void;
}

/**
 * The stateful proxy core (what Kamailio's tm and core forwarding do, without the routing
 * script): receives from the transports, parses, lets transactions absorb retransmissions and
 * ACKs, hands new requests to `hooks.onRequest`, and offers the routing layer `relay()`
 * (stateful, with forking, CANCEL, fr timers and failure handling), `forward()` (stateless),
 * `newTransaction()` and `replyStateless()`. Responses are matched to client transactions;
 * stray ones are forwarded statelessly by their Via.
 *
 * Max-Forwards: neither `relay()` nor `forward()` touches it; the routing layer runs
 * `processMaxForwards()` first (Kamailio's maxfwd module before t_relay).
 * Record-Route: added by the routing layer (`recordRouteUri()` of a listener).
 */
export class ProxyCore implements TransportSink, ProxyContext {
  readonly layer: TransactionLayer;
  readonly transports: TransportSet;
  readonly resolver: Resolver;
  readonly settings: ProxySettings;
  readonly stats: ProxyStats = newProxyStats();
  hooks: ProxyCoreHooks;
  readonly #onError: (err: unknown) => void;
  readonly #txByRequest = new WeakMap<SipRequest, ProxyTransaction>();
  readonly #targets = new Map<string, HostTarget>();

  constructor(options: ProxyCoreOptions) {
    this.transports = options.transports;
    this.#onError = options.onError ?? (() => undefined);
    this.layer = new TransactionLayer({
      sender: options.transports,
      onError: this.#onError,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.timers === undefined ? {} : { timers: options.timers }),
      ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
    });
    this.resolver = options.resolver ?? new Resolver();
    this.settings = { ...DEFAULT_PROXY_SETTINGS, ...options.settings };
    this.hooks = options.hooks ?? {};
  }

  /** Starts every transport with this core as their sink. */
  async start(): Promise<void> {
    await this.transports.start(this);
  }

  /** Stops the timers and closes the transports (transactions in flight are abandoned). */
  async stop(): Promise<void> {
    this.layer.close();
    await this.transports.close();
  }

  reportError(err: unknown): void {
    this.#onError(err);
  }

  hostTargetOf(uri: string): HostTarget {
    let t = this.#targets.get(uri);
    if (t === undefined) {
      t = uriHostTarget(parseUri(uri));
      if (this.#targets.size >= 4096) this.#targets.clear();
      this.#targets.set(uri, t);
    }
    return t;
  }

  // ---- receive path -----------------------------------------------------------------------

  /** TransportSink: one whole message from a transport. Never throws. */
  receive(data: Buffer, info: ReceiveInfo): void {
    try {
      const msg = parseMessage(data, isReliable(info.proto) ? STREAM : DATAGRAM);
      if (msg.kind === 'request') this.#receiveRequest(msg, info, data);
      else this.#receiveResponse(msg, info);
    } catch (err) {
      if (err instanceof SipParseError) this.#parseError(data, info, err);
      else this.#onError(err);
    }
  }

  #parseError(data: Buffer, info: ReceiveInfo, err: SipParseError): void {
    this.stats.parseErrors++;
    const hook = this.hooks.onParseError;
    if (hook !== undefined) {
      hook(data, info, err);
      return;
    }
    const end = data.indexOf('\r\n\r\n');
    const reply = errorReplyFromHeaderBytes(end < 0 ? data : data.subarray(0, end + 4), err.sipStatus, err.reason);
    if (reply === null) return;
    this.transports.send({ proto: info.proto, to: info.src, listenerId: info.listenerId, ...(info.connectionId === undefined ? {} : { connectionId: info.connectionId }) }, reply);
  }

  /**
   * A SipParseError thrown while the request is handled (a header read for the first time by
   * the routing layer or for matching) is answered like a parse failure: 400 when possible.
   */
  #receiveRequest(req: SipRequest, info: ReceiveInfo, data: Buffer): void {
    // Parse every Via once: the top one is read again by matching, the transaction and
    // RFC 3581, and `vias` caches it where `topVia` alone would parse it each time.
    if (req.vias.length === 0) {
      this.stats.dropped++;
      return;
    }
    // RFC 3261 §17.2.3: retransmissions and ACKs for 300–699 end here.
    if (this.layer.receiveRequest(req) !== null) return;
    const handler = this.hooks.onRequest;
    if (handler === undefined) return;
    let result: void | Promise<void>;
    try {
      result = handler(req, info);
    } catch (err) {
      this.#routeDone(req);
      if (err instanceof SipParseError) throw err;
      this.#onError(err);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        () => {
          this.#routeDone(req);
        },
        (err: unknown) => {
          this.#routeDone(req);
          if (err instanceof SipParseError) this.#parseError(data, info, err);
          else this.#onError(err);
        },
      );
    } else {
      this.#routeDone(req);
    }
  }

  #routeDone(req: SipRequest): void {
    this.#txByRequest.get(req)?.requestRouteDone();
  }

  #receiveResponse(res: SipResponse, info: ReceiveInfo): void {
    const hook = this.hooks.onResponse;
    if (hook !== undefined && hook(res, info) === false) return;
    if (this.layer.receiveResponse(res) !== null) return;
    const stray = this.hooks.onStrayResponse;
    if (stray !== undefined && stray(res, info) === false) return;
    this.forwardResponse(res);
  }

  // ---- stateful ---------------------------------------------------------------------------

  /**
   * The proxy transaction of this request (`t_newtran`): made on first call, with its server
   * transaction (responses go where RFC 3261 §18.2.2 and RFC 3581 say; `forceRport` is
   * `force_rport()`), and `received`/`rport` added to the top Via. Returns null when the
   * request is a retransmission of one that already has a transaction (it was absorbed: the
   * last response is sent again), as Kamailio's t_newtran returns 0.
   */
  newTransaction(req: SipRequest, info: ReceiveInfo, forceRport = false): ProxyTransaction | null {
    const mine = this.#txByRequest.get(req);
    if (mine !== undefined) return mine;
    if (req.method === 'ACK') throw new Error('an ACK does not make a transaction');
    const via = req.topVia;
    if (via === null) throw new Error('a request without Via cannot make a transaction');
    // What tm needs to match and answer (Kamailio's t_newtran refuses requests without them);
    // a malformed one throws SipParseError, which the receive path answers with 400.
    if (req.cseq === null || req.callId === null || req.from === null || req.to === null) {
      throw new SipParseError('E_SIP_SANITY_MISSING_HEADER', 'a transaction needs CSeq, Call-ID, From and To');
    }
    const existing = this.layer.findServer(req);
    if (existing !== undefined) {
      existing.receiveRetransmission();
      return null;
    }
    const dest = responseDestination(via, info, forceRport);
    const server = this.layer.createServer(req, info, dest, IGNORING_SERVER_USER);
    addReceivedParams(req, info, forceRport);
    const tx = new ProxyTransaction(this, server, req, info);
    this.#txByRequest.set(req, tx);
    this.stats.transactions++;
    const hook = this.hooks.onTransaction;
    if (hook !== undefined) {
      try {
        hook(tx);
      } catch (err) {
        this.reportError(err);
      }
    }
    return tx;
  }

  /** The proxy transaction made for this request object, if any. */
  transactionOf(req: SipRequest): ProxyTransaction | undefined {
    return this.#txByRequest.get(req);
  }

  /**
   * The proxy transaction a request belongs to by RFC 3261 §17.2.3 matching (`t_check_trans`;
   * for CANCEL, the INVITE it cancels).
   */
  findTransaction(req: SipRequest): ProxyTransaction | undefined {
    const st = req.method === 'CANCEL' ? this.layer.findInviteForCancel(req) : this.layer.findServer(req);
    return st?.user instanceof ProxyTransaction ? st.user : undefined;
  }

  /**
   * Stateful forwarding (`t_relay`): makes the transaction if needed, answers an INVITE with
   * 100 (auto_inv_100), arms `hooks`, and sends one branch per target (default: one to the
   * Request-URI). Returns the number of branches on their way; 0 when none is (see the
   * transaction's `lastError`), and 1 for an absorbed retransmission.
   *
   * ACK is forwarded statelessly (an ACK for a 2xx is its own transaction-less request). A
   * CANCEL that matches an INVITE transaction is answered 200 here and cancels its branches
   * (RFC 3261 §16.10); one that matches nothing is relayed like any request.
   */
  relay(req: SipRequest, info: ReceiveInfo, targets?: readonly BranchTarget[], hooks?: TransactionHooks): number {
    if (req.method === 'ACK') return this.forward(req, info, targets?.[0]) ? 1 : 0;
    if (req.method === 'CANCEL' && this.#txByRequest.get(req) === undefined) {
      const ist = this.layer.findInviteForCancel(req);
      if (ist !== undefined) {
        this.#answerCancel(req, info, ist.user instanceof ProxyTransaction ? ist.user : null);
        return 1;
      }
    }
    const tx = this.newTransaction(req, info);
    if (tx === null) return 1;
    if (hooks !== undefined) {
      if (hooks.onBranch !== undefined) tx.onBranch = hooks.onBranch;
      if (hooks.onReply !== undefined) tx.onReply = hooks.onReply;
      if (hooks.onFailure !== undefined) tx.onFailure = hooks.onFailure;
    }
    if (tx.isInvite && this.settings.autoTrying && tx.server.lastStatus === 0 && !tx.canceled) tx.reply(100, this.settings.tryingReason);
    return tx.relay(targets);
  }

  /**
   * §16.10: "If a matching response context is found, the element MUST immediately return a
   * 200 (OK) response to the CANCEL request", then cancels the pending branches; the INVITE
   * is answered 487 by the branches (or locally when none answers).
   */
  #answerCancel(cancel: SipRequest, info: ReceiveInfo, invite: ProxyTransaction | null): void {
    const via = cancel.topVia;
    if (via === null) return;
    const dest = responseDestination(via, info);
    const st = this.layer.createServer(cancel, info, dest, IGNORING_SERVER_USER);
    st.respond(createResponse(cancel, 200, 'canceling', { toTag: invite?.toTag ?? statelessToTag(cancel, this.transports.listeners) }));
    // A finished INVITE transaction (its proxy side already let go) has nothing to cancel.
    if (invite === null) return;
    invite.cancel(cancel.headerValues('Reason'));
    if (invite.branches.length === 0 && invite.finalStatus === 0) invite.reply(487, 'Request Terminated');
  }

  // ---- stateless --------------------------------------------------------------------------

  /**
   * Stateless forwarding (`forward()`, RFC 3261 §16.11): `received`/`rport` on the top Via,
   * our Via with a branch that is the same for every retransmission, sent to `target.dstUri`
   * or the Request-URI (set from `target.requestUri` first), with `target.path` as a Route
   * field (Kamailio inserts the path vector here too). Returns false when the
   * destination cannot be used (bad URI, cached DNS failure, no socket); DNS lookups that
   * fail later are counted as dropped.
   */
  forward(req: SipRequest, info: ReceiveInfo, target: BranchTarget = {}, forceRport = false): boolean {
    let resolved: ResolvedTarget[] | null;
    let hostTarget;
    try {
      if (target.requestUri !== undefined) req.setRequestUri(target.requestUri);
      hostTarget = this.hostTargetOf(target.dstUri ?? req.requestUriText);
      resolved = this.resolver.resolveNow(hostTarget);
    } catch (err) {
      if (err instanceof SipParseError || err instanceof ResolveError) {
        this.stats.dropped++;
        return false;
      }
      throw err;
    }
    const branch = statelessBranch(req, req.requestUriText);
    addReceivedParams(req, info, forceRport);
    if (target.path !== undefined) req.prependHeader('Route', target.path);
    if (resolved !== null) return this.#forwardTo(req, resolved, branch, target.sendSocket);
    this.resolver.resolve(hostTarget).then(
      (all) => {
        this.#forwardTo(req, all, branch, target.sendSocket);
      },
      () => {
        this.stats.dropped++;
      },
    );
    return true;
  }

  #forwardTo(req: SipRequest, targets: readonly ResolvedTarget[], branch: string, sendSocket: string | undefined): boolean {
    for (const t of targets) {
      const transport = this.transports.select(t.proto, t.family, sendSocket);
      if (transport === undefined) continue;
      req.prependHeader('Via', viaValue(transport.listener, branch));
      const dest: DestInfo = { proto: t.proto, to: { address: t.address, port: t.port, family: t.family }, listenerId: transport.id };
      transport.send(dest, serializeMessage(req));
      this.stats.statelessRequests++;
      return true;
    }
    this.stats.dropped++;
    return false;
  }

  /**
   * Forwards a response statelessly (RFC 3261 §16.11 / §18.2.2): the top Via must be ours
   * (else it is dropped, §18.1.2), it is removed, and the response goes where the next Via
   * says (`received`, `rport`, sent-by).
   */
  forwardResponse(res: SipResponse): boolean {
    const via = res.topVia;
    const proto = via === null ? null : viaProto(via);
    if (via === null || proto === null || !this.transports.isLocal(via.host, via.port, defaultPort(proto))) {
      this.stats.dropped++;
      return false;
    }
    res.removeTopVia();
    const next = res.topVia;
    const target = next === null ? null : viaTarget(next);
    if (target === null) {
      this.stats.dropped++;
      return false;
    }
    const dest = numericDest(target);
    if (dest !== null) {
      this.stats.statelessResponses++;
      this.transports.send(dest, serializeMessage(res));
      return true;
    }
    this.resolver.resolve(target).then(
      (all) => {
        const first = all[0];
        if (first === undefined) return;
        this.stats.statelessResponses++;
        this.transports.send({ proto: first.proto, to: { address: first.address, port: first.port, family: first.family } }, serializeMessage(res));
      },
      () => {
        this.stats.dropped++;
      },
    );
    return true;
  }

  /**
   * A stateless reply (`sl_send_reply`): built from the request (RFC 3261 §8.2.6) with
   * `received`/`rport` on the top Via and a To tag that is the same for retransmissions, sent
   * where §18.2.2 says. Never for ACK.
   */
  replyStateless(req: SipRequest, info: ReceiveInfo, status: number, reason: string, headers: readonly (readonly [string, string])[] = [], forceRport = false): boolean {
    if (req.method === 'ACK') return false;
    const via = req.topVia;
    if (via === null) return false;
    const dest = responseDestination(via, info, forceRport);
    addReceivedParams(req, info, forceRport);
    const server = this.settings.serverHeader;
    const all = server === null ? headers : [...headers, ['Server', server] as const];
    const res = createResponse(req, status, reason, { toTag: statelessToTag(req, this.transports.listeners), headers: all });
    this.transports.send(dest, serializeMessage(res));
    return true;
  }
}
