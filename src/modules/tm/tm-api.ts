/**
 * tm's run-time side: it holds the proxy core and the compiled script (given by the daemon
 * through `attachProxy`), relays from the routing script with the destination set of the
 * MessageContext, and runs branch_route, onreply_route and failure_route with a
 * MessageContext of the right route kind. Script functions (tm-functions.ts), sl's stateful
 * replier, tmx and the RPC methods all go through this object.
 */
import type { CompiledScript, RunResult } from '../../cfg/compiler.js';
import type { CoreServices } from '../../cfg/core-services.js';
import { MessageContext, SER_ERRORS, WorkerState } from '../../cfg/message-context.js';
import type { SipRequest, SipResponse } from '../../sip/index.js';
import type { BranchTarget, ProxyCore, ProxySettings, ProxyTransaction, TransactionHooks } from '../../sip/proxy/index.js';
import type { TimerSettings } from '../../sip/transaction/index.js';
import type { ReceiveInfo } from '../../sip/transport-types.js';
import type { ModuleLogger } from '../module-api.js';
import type { FailureCallback, FailureEvent, RequestInCallback, ResponseOutCallback } from './tm-callbacks.js';
import { RunState, TxData, txData, type ArmedRoutes } from './tm-state.js';

/** tm's counters that the proxy core does not keep. */
export interface TmCounters {
  /** Responses received (every one, before matching). */
  rplReceived: number;
  /** Transactions started locally (tm.t_uac_wait_block). */
  uacTransactions: number;
}

/** The relay error tm maps to Kamailio's ser_error (what sl_reply_error turns into a reply). */
function serErrorOf(status: number): number {
  switch (status) {
    case 478:
      return SER_ERRORS.E_BAD_ADDRESS;
    case 503:
      return SER_ERRORS.E_SEND;
    case 400:
      return SER_ERRORS.E_BAD_ADDRESS;
    default:
      return status === 500 ? SER_ERRORS.E_TOO_MANY_BRANCHES : SER_ERRORS.E_UNSPEC;
  }
}

/** A destination forced by t_relay(host, port), t_relay_to_udp() …: replaces `$du` of every branch. */
export interface ForcedDestination {
  readonly dstUri: string;
}

export class TmApi {
  readonly core: CoreServices;
  readonly logger: ModuleLogger;
  readonly counters: TmCounters = { rplReceived: 0, uacTransactions: 0 };
  readonly #settings: Partial<ProxySettings>;
  readonly #timers: Partial<TimerSettings>;
  #proxy: ProxyCore | null = null;
  #script: CompiledScript | null = null;
  #worker = new WorkerState();
  readonly #runs = new WeakMap<MessageContext, RunState>();
  readonly #requestDone: ((req: SipRequest) => void)[] = [];
  readonly #requestIn: RequestInCallback[] = [];
  /** How the response being handled arrived (set just before the proxy core matches it). */
  #replyInfo: ReceiveInfo | null = null;
  /** The targets of the relay in progress, so branch_route sees each branch's `$du`. */
  #relayTargets: readonly BranchTarget[] = [];
  #relayBase = 0;

  constructor(core: CoreServices, logger: ModuleLogger, settings: Partial<ProxySettings>, timers: Partial<TimerSettings>) {
    this.core = core;
    this.logger = logger;
    this.#settings = settings;
    this.#timers = timers;
  }

  /** tm's modparams as proxy core settings (read by the daemon before it makes the core). */
  proxySettings(): Partial<ProxySettings> {
    return this.#settings;
  }

  /** retr_timer1 / retr_timer2 as T1 / T2. */
  timerSettings(): Partial<TimerSettings> {
    return this.#timers;
  }

  /**
   * The daemon hands over the proxy core and the compiled script once both exist. tm wraps
   * the core's request and response hooks to learn when a request route ends (tmx's
   * t_precheck_trans) and how a response arrived (`$si` in onreply_route).
   */
  attachProxy(proxy: ProxyCore, script: CompiledScript, worker?: WorkerState): void {
    this.#proxy = proxy;
    this.#script = script;
    if (worker !== undefined) this.#worker = worker;
    const hooks = proxy.hooks;
    const onRequest = hooks.onRequest;
    const onResponse = hooks.onResponse;
    proxy.hooks = {
      ...hooks,
      ...(this.#requestIn.length === 0 ? {} : { onTransaction: this.#transactionMade }),
      onRequest: (req, info) => {
        if (onRequest === undefined) return undefined;
        if (this.#requestDone.length === 0) return onRequest(req, info);
        let r: void | Promise<void>;
        try {
          r = onRequest(req, info);
        } catch (err) {
          this.#done(req);
          throw err;
        }
        if (r instanceof Promise) {
          return r.finally(() => {
            this.#done(req);
          });
        }
        this.#done(req);
        return undefined;
      },
      onResponse: (res, info) => {
        this.counters.rplReceived++;
        this.#replyInfo = info;
        return onResponse === undefined ? undefined : onResponse(res, info);
      },
    };
  }

  get proxy(): ProxyCore | null {
    return this.#proxy;
  }

  /** Called when the request route of `req` has finished (synchronously or not). */
  onRequestDone(fn: (req: SipRequest) => void): void {
    this.#requestDone.push(fn);
  }

  #done(req: SipRequest): void {
    for (const fn of this.#requestDone) fn(req);
  }

  // ---- callbacks for other modules (tm-callbacks.ts) ------------------------------------

  /** Runs `fn` for every transaction made from now on (TMCB_REQUEST_IN). */
  onRequestIn(fn: RequestInCallback): void {
    this.#requestIn.push(fn);
    const proxy = this.#proxy;
    if (proxy !== null && proxy.hooks.onTransaction !== this.#transactionMade) proxy.hooks = { ...proxy.hooks, onTransaction: this.#transactionMade };
  }

  /** Runs `fn` each time the branches of `tx` end with a negative best reply (TMCB_ON_FAILURE). */
  onFailure(tx: ProxyTransaction, fn: FailureCallback): void {
    const data = txData(tx);
    (data.failureCallbacks ??= []).push(fn);
    tx.onFailure = this.#failureHook;
  }

  /** Runs `fn` when the first final reply of `tx` has gone upstream (TMCB_RESPONSE_OUT). */
  onResponseOut(tx: ProxyTransaction, fn: ResponseOutCallback): void {
    const data = txData(tx);
    (data.responseOutCallbacks ??= []).push(fn);
    tx.onFinalResponse = this.#responseOut;
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.log(-1, `${what} callback failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  readonly #transactionMade = (tx: ProxyTransaction): void => {
    for (const fn of this.#requestIn) {
      this.#guard('request-in', () => {
        fn(tx);
      });
    }
  };

  readonly #responseOut = (response: SipResponse, tx: ProxyTransaction): void => {
    const data = txData(tx);
    const list = data.responseOutCallbacks;
    if (list === null) return;
    const event = { tx, response, flags: data.flags };
    for (const fn of list) {
      this.#guard('response-out', () => {
        fn(event);
      });
    }
  };

  #runFailureCallbacks(list: readonly FailureCallback[], event: FailureEvent): void {
    for (const fn of list) {
      this.#guard('on-failure', () => {
        fn(event);
      });
    }
  }

  /** The per-run state of a MessageContext, made on first use. */
  run(ctx: MessageContext): RunState {
    let s = this.#runs.get(ctx);
    if (s === undefined) {
      s = new RunState();
      this.#runs.set(ctx, s);
    }
    return s;
  }

  /** The transaction the context works on: the request's (request route), or the one tm runs the route for. */
  transactionOf(ctx: MessageContext): ProxyTransaction | null {
    const s = this.#runs.get(ctx);
    if (s?.tx != null) return s.tx;
    const req = ctx.request;
    if (req === null || this.#proxy === null || ctx.routeType !== 'request') return null;
    return this.#proxy.transactionOf(req) ?? null;
  }

  /** Whether a route handler is armed for the context (pending in this run, or on its transaction). */
  isArmed(ctx: MessageContext, which: keyof ArmedRoutes): boolean {
    const s = this.#runs.get(ctx);
    if (s !== undefined && s[which] !== null) return true;
    if (ctx.routeType !== 'request') return false;
    const tx = this.transactionOf(ctx);
    return tx !== null && txData(tx)[which] !== null;
  }

  // ---- transactions from the script -----------------------------------------------------

  /** t_newtran: 1 made, 0 a retransmission (absorbed: the script stops), -10 already made in this run. */
  newTransaction(ctx: MessageContext): number {
    const proxy = this.#proxy;
    const req = ctx.request;
    if (proxy === null || req === null || req.method === 'ACK') return -1;
    if (proxy.transactionOf(req) !== undefined) return SER_ERRORS.E_SCRIPT;
    const tx = proxy.newTransaction(req, ctx.rcv, ctx.forceRport);
    if (tx === null) return 0;
    this.#prepare(ctx, tx);
    return 1;
  }

  /** Copies what the script set so far (flags, AVPs, fr timers, armed routes) into the transaction. */
  #prepare(ctx: MessageContext, tx: ProxyTransaction): TxData {
    const data = txData(tx);
    data.flags = ctx.flags;
    data.avps = ctx.avps;
    const s = this.#runs.get(ctx);
    if (s !== undefined) {
      if (s.branchRoute !== null) data.branchRoute = s.branchRoute;
      if (s.replyRoute !== null) data.replyRoute = s.replyRoute;
      if (s.failureRoute !== null) data.failureRoute = s.failureRoute;
      if (s.frInvMs > 0) tx.frInvTimerMs = s.frInvMs;
      if (s.frMs > 0) tx.frTimerMs = s.frMs;
      if (s.contacts !== null) data.contacts = s.contacts;
    }
    return data;
  }

  #hooks(data: TxData): TransactionHooks {
    return {
      onBranch: data.branchRoute === null ? null : this.#branchHook,
      onReply: data.replyRoute === null ? null : this.#replyHook,
      onFailure: data.failureRoute === null && data.failureCallbacks === null ? null : this.#failureHook,
    };
  }

  /** The destination set of the context: branch 0 (R-URI, `$du`, forced socket) and the appended branches. */
  #targets(ctx: MessageContext, forced: ForcedDestination | null): BranchTarget[] {
    const first: BranchTarget = {
      ...(forced !== null ? { dstUri: forced.dstUri } : ctx.dstUri !== null ? { dstUri: ctx.dstUri } : {}),
      ...(ctx.forceSocket !== null ? { sendSocket: ctx.forceSocket } : {}),
      ...(ctx.path !== null ? { path: ctx.path } : {}),
    };
    const out = [first];
    for (const b of ctx.branches) {
      const dst = forced !== null ? forced.dstUri : b.dstUri;
      const socket = b.socket ?? ctx.forceSocket;
      out.push({ requestUri: b.uri, ...(dst !== null ? { dstUri: dst } : {}), ...(socket !== null ? { sendSocket: socket } : {}), ...(b.path !== null ? { path: b.path } : {}) });
    }
    return out;
  }

  /**
   * t_relay and its variants. Request route: makes the transaction (unless this is an ACK or
   * a CANCEL, which the proxy core handles), arms the routes, and sends one branch per
   * destination-set entry; failure route: a new serial leg on the same transaction.
   * Returns 1, or a negative ser_error (also left in `ctx.error` for sl_reply_error).
   */
  relay(ctx: MessageContext, forced: ForcedDestination | null = null): number {
    const proxy = this.#proxy;
    if (proxy === null) {
      this.logger.log(-1, 't_relay: the proxy core is not running');
      return -1;
    }
    if (ctx.routeType === 'failure') return this.#relayInFailure(ctx, forced);
    const req = ctx.request;
    if (req === null) return -1;
    const targets = this.#targets(ctx, forced);
    if (req.method === 'ACK' || (req.method === 'CANCEL' && proxy.transactionOf(req) === undefined)) {
      const n = proxy.relay(req, ctx.rcv, targets);
      return n > 0 ? 1 : this.#fail(ctx, 478);
    }
    let tx = proxy.transactionOf(req) ?? null;
    if (tx === null) {
      tx = proxy.newTransaction(req, ctx.rcv, ctx.forceRport);
      // A retransmission of a request that has a transaction: absorbed, as t_relay does.
      if (tx === null) return 1;
    }
    const data = this.#prepare(ctx, tx);
    this.#relayTargets = targets;
    this.#relayBase = tx.branches.length;
    let n: number;
    try {
      n = proxy.relay(req, ctx.rcv, targets, this.#hooks(data));
    } finally {
      this.#relayTargets = [];
    }
    if (n > 0) return 1;
    return this.#fail(ctx, tx.lastError?.status ?? 500);
  }

  #fail(ctx: MessageContext, status: number): number {
    const e = serErrorOf(status);
    ctx.error = e;
    return e;
  }

  #relayInFailure(ctx: MessageContext, forced: ForcedDestination | null): number {
    const tx = this.#runs.get(ctx)?.tx ?? null;
    if (tx === null) return -1;
    const data = this.#prepare(ctx, tx);
    const hooks = this.#hooks(data);
    tx.onBranch = hooks.onBranch ?? null;
    tx.onReply = hooks.onReply ?? null;
    tx.onFailure = hooks.onFailure ?? null;
    const targets = this.#targets(ctx, forced);
    this.#relayTargets = targets;
    this.#relayBase = tx.branches.length;
    let n: number;
    try {
      n = tx.relay(targets);
    } finally {
      this.#relayTargets = [];
    }
    ctx.branches = [];
    if (n > 0) return 1;
    this.#fail(ctx, tx.lastError?.status ?? 500);
    return -1;
  }

  /** t_reply (and send_reply through sl when a transaction exists): 1 sent, -1 not. */
  reply(ctx: MessageContext, tx: ProxyTransaction, status: number, reason: string): number {
    if (ctx.request?.method === 'ACK') return -1;
    if (!Number.isInteger(status) || status < 100 || status > 699) return -1;
    if (!tx.reply(status, reason, ctx.replyHeaders)) return -1;
    ctx.repliesSent++;
    ctx.lastReplyStatus = status;
    return 1;
  }

  /** sl's stateful replier: null when the context has no transaction. */
  readonly statefulReply = (ctx: MessageContext, status: number, reason: string): number | null => {
    const tx = this.transactionOf(ctx);
    return tx === null ? null : this.reply(ctx, tx, status, reason);
  };

  // ---- the routes tm runs --------------------------------------------------------------

  #context(msg: SipRequest | SipResponse, info: ReceiveInfo, kind: 'branch' | 'onreply' | 'failure', tx: ProxyTransaction): { ctx: MessageContext; state: RunState; data: TxData } {
    const ctx = new MessageContext(msg, info, this.core, this.#worker, kind);
    const data = txData(tx);
    ctx.flags = data.flags;
    for (const [k, v] of data.avps) ctx.avps.set(k, v.slice());
    const state = this.run(ctx);
    state.tx = tx;
    state.contacts = data.contacts;
    return { ctx, state, data };
  }

  #runRoute(kind: 'branch' | 'onreply' | 'failure', name: string, ctx: MessageContext): RunResult | null {
    const script = this.#script;
    if (script === null) return null;
    const r = script.run(kind, name, ctx);
    if (r instanceof Promise) {
      // The proxy core decides right after the hook returns; an asynchronous function in
      // these routes cannot hold that decision back.
      this.logger.log(0, `${kind}_route[${name}] waited for an asynchronous function; tm did not wait for it`);
      r.catch((err: unknown) => {
        this.logger.log(-1, `${kind}_route[${name}] failed: ${err instanceof Error ? err.message : String(err)}`);
      });
      return null;
    }
    return r;
  }

  readonly #branchHook = (request: SipRequest, branchIndex: number, tx: ProxyTransaction): boolean | undefined => {
    const name = txData(tx).branchRoute;
    if (name === null) return undefined;
    const { ctx, state } = this.#context(request, tx.info, 'branch', tx);
    state.branchIndex = branchIndex;
    const target = this.#relayTargets[branchIndex - this.#relayBase];
    if (target?.dstUri !== undefined) ctx.dstUri = target.dstUri;
    const r = this.#runRoute('branch', name, ctx);
    return r === null ? undefined : !r.dropped;
  };

  readonly #replyHook = (response: SipResponse, _branchIndex: number, tx: ProxyTransaction): boolean | undefined => {
    const name = txData(tx).replyRoute;
    if (name === null) return undefined;
    const { ctx, state, data } = this.#context(response, this.#replyInfo ?? tx.info, 'onreply', tx);
    state.reply = response;
    const r = this.#runRoute('onreply', name, ctx);
    data.flags = ctx.flags;
    return r === null ? undefined : !r.dropped;
  };

  readonly #failureHook = (best: SipResponse, tx: ProxyTransaction): void => {
    const data = txData(tx);
    const name = data.failureRoute;
    const callbacks = data.failureCallbacks;
    if (name === null) {
      // No failure_route: what the callbacks change is the transaction's from now on.
      if (callbacks === null) return;
      const event: FailureEvent = { tx, reply: best, flags: data.flags };
      this.#runFailureCallbacks(callbacks, event);
      data.flags = event.flags;
      return;
    }
    // tm disarms the failure route before running it (t_is_set("failure_route") is false there).
    data.failureRoute = null;
    const { ctx, state } = this.#context(tx.request, tx.info, 'failure', tx);
    if (callbacks !== null) {
      // The callbacks see and change the flags failure_route starts with (Kamailio's faked
      // request); the transaction keeps its own until the route ends.
      const event: FailureEvent = { tx, reply: best, flags: ctx.flags };
      this.#runFailureCallbacks(callbacks, event);
      ctx.flags = event.flags;
    }
    state.reply = best;
    state.branchRoute = data.branchRoute;
    state.replyRoute = data.replyRoute;
    this.#runRoute('failure', name, ctx);
    data.flags = ctx.flags;
    data.avps = ctx.avps;
  };
}
