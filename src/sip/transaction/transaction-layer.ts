import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import { isReliable, type SendErrorSink } from '../transport/transport.js';
import type { DestInfo, ReceiveInfo } from '../transport-types.js';
import { BranchIdSource, isRfc3261Branch } from './branch-id.js';
import type { ClientTransaction, ClientTransactionUser } from './client-transaction-user.js';
import { systemClock, type Clock } from './clock.js';
import { TransactionState } from './transaction-state.js';
import { InviteClientTransaction } from './invite-client.js';
import { InviteServerTransaction } from './invite-server.js';
import { NonInviteClientTransaction } from './non-invite-client.js';
import { NonInviteServerTransaction } from './non-invite-server.js';
import type { ServerTransaction, ServerTransactionUser } from './server-transaction-user.js';
import { TimerWheel } from './timer-wheel.js';
import { RFC3261_TIMERS, transactionTimers, type TimerSettings, type TransactionTimers } from './timers.js';
import type { Transaction, TransactionHost } from './transaction.js';
import { legacyAckKey, legacyServerKey, matchesClient, matchesServer } from './transaction-keys.js';

/** Where the layer sends bytes: a TransportSet, or anything with the same `send`. */
export interface MessageSender {
  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void;
}

export interface TransactionLayerOptions {
  readonly sender: MessageSender;
  readonly clock?: Clock;
  /** T1, T2, T4 (defaults: RFC 3261's 500 ms, 4 s, 5 s). */
  readonly timers?: Partial<TimerSettings>;
  /** Timer wheel resolution in ms (default 10). */
  readonly tickMs?: number;
  /** Timer wheel slots, a power of two (default 1024). */
  readonly wheelSlots?: number;
  /** Exceptions thrown by transaction users and timer targets; the layer goes on. */
  readonly onError?: (err: unknown) => void;
}

export interface TransactionLayerStats {
  serverCreated: number;
  clientCreated: number;
  /** Request retransmissions and ACKs absorbed by server transactions. */
  absorbed: number;
  /** Responses that matched no client transaction. */
  unmatchedResponses: number;
}

/**
 * The transaction layer (Kamailio tm's hash table and timer lists): owns the server and client
 * transaction tables, matches requests (§17.2.3, RFC 2543 fallback included) and responses
 * (§17.1.3) to them, finds the INVITE a CANCEL targets (§9.2), makes branch ids, and runs every
 * transaction timer on one timer wheel over an injected clock.
 */
export class TransactionLayer implements TransactionHost {
  readonly clock: Clock;
  readonly wheel: TimerWheel;
  readonly ids = new BranchIdSource();
  readonly stats: TransactionLayerStats = { serverCreated: 0, clientCreated: 0, absorbed: 0, unmatchedResponses: 0 };
  readonly #sender: MessageSender;
  readonly #timersUnreliable: TransactionTimers;
  readonly #timersReliable: TransactionTimers;
  readonly #onError: (err: unknown) => void;
  readonly #servers = new Map<string, ServerTransaction>();
  readonly #legacyServers = new Map<string, ServerTransaction>();
  readonly #legacyAcks = new Map<string, InviteServerTransaction>();
  readonly #clients = new Map<string, ClientTransaction>();
  #serverCount = 0;
  #clientCount = 0;

  constructor(options: TransactionLayerOptions) {
    this.#sender = options.sender;
    this.clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? (() => undefined);
    this.wheel = new TimerWheel(this.clock, {
      ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
      ...(options.wheelSlots === undefined ? {} : { slots: options.wheelSlots }),
      onError: this.#onError,
    });
    const settings: TimerSettings = { ...RFC3261_TIMERS, ...options.timers };
    this.#timersUnreliable = transactionTimers(settings, false);
    this.#timersReliable = transactionTimers(settings, true);
  }

  /** The timers for a transport kind. */
  timersFor(reliable: boolean): TransactionTimers {
    return reliable ? this.#timersReliable : this.#timersUnreliable;
  }

  /** A new RFC 3261 branch id (`z9hG4bK` + 64 random bits). */
  newBranch(): string {
    return this.ids.next();
  }

  /** Server transactions in the tables. */
  get serverCount(): number {
    return this.#serverCount;
  }

  /** Client transactions in the tables. */
  get clientCount(): number {
    return this.#clientCount;
  }

  /**
   * Transactions still waiting for their final response (Calling, Trying, Proceeding): what a
   * clean shutdown waits for. Those in Completed/Confirmed/Accepted only absorb retransmissions.
   */
  pendingCount(): number {
    const waiting = (t: Transaction) => t.state === TransactionState.Calling || t.state === TransactionState.Trying || t.state === TransactionState.Proceeding;
    let n = 0;
    for (const t of this.#servers.values()) if (waiting(t)) n++;
    for (const t of this.#legacyServers.values()) if (waiting(t)) n++;
    for (const t of this.#clients.values()) if (waiting(t)) n++;
    return n;
  }

  // ---- TransactionHost ------------------------------------------------------------------

  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void {
    this.#sender.send(dest, data, errors);
  }

  released(tx: Transaction): void {
    if (tx instanceof InviteClientTransaction || tx instanceof NonInviteClientTransaction) {
      unfile(this.#clients, tx);
      this.#clientCount--;
      return;
    }
    this.#serverCount--;
    if (tx.legacyKey === null) {
      unfile(this.#servers, tx as ServerTransaction);
      return;
    }
    if (this.#legacyServers.get(tx.legacyKey) === tx) this.#legacyServers.delete(tx.legacyKey);
    if (tx instanceof InviteServerTransaction && tx.legacyAckKey !== null && this.#legacyAcks.get(tx.legacyAckKey) === tx) {
      this.#legacyAcks.delete(tx.legacyAckKey);
    }
  }

  reportError(err: unknown): void {
    this.#onError(err);
  }

  // ---- server side ------------------------------------------------------------------------

  /**
   * The server transaction a request belongs to (§17.2.3): for ACK, the INVITE transaction it
   * acknowledges. Undefined for a new request, and for requests without Via.
   */
  findServer(req: SipRequest): ServerTransaction | undefined {
    const via = req.topVia;
    if (via === null) return undefined;
    if (isRfc3261Branch(via.branch)) {
      for (let tx = this.#servers.get(via.branch); tx !== undefined; tx = tx.nextSameBranch as ServerTransaction | null ?? undefined) {
        if (matchesServer(tx, via, req.method)) return tx;
      }
      return undefined;
    }
    if (req.method === 'ACK') {
      const tx = this.#legacyAcks.get(legacyAckKey(req, via));
      if (tx === undefined || (tx.lastToTag ?? '') !== (req.to?.tag ?? '')) return undefined;
      return tx;
    }
    return this.#legacyServers.get(legacyServerKey(req, via));
  }

  /**
   * The INVITE server transaction a CANCEL targets (§9.2: "the transaction being cancelled"
   * is found with the §17.2.3 rules, the method taken as INVITE).
   */
  findInviteForCancel(cancel: SipRequest): InviteServerTransaction | undefined {
    const via = cancel.topVia;
    if (via === null) return undefined;
    if (!isRfc3261Branch(via.branch)) {
      const tx = this.#legacyServers.get(legacyServerKey(cancel, via, 'INVITE'));
      return tx instanceof InviteServerTransaction ? tx : undefined;
    }
    for (let tx = this.#servers.get(via.branch); tx !== undefined; tx = tx.nextSameBranch as ServerTransaction | null ?? undefined) {
      if (tx instanceof InviteServerTransaction && matchesServer(tx, via, 'INVITE')) return tx;
    }
    return undefined;
  }

  /**
   * Gives a received request to the server transaction it matches. Returns that transaction
   * when it absorbed the request (a retransmission: the last response is resent as the state
   * says; an ACK for a 300–699 response), or null when the request is new or belongs to the TU
   * (an ACK that matched nothing, or an ACK in Accepted).
   */
  receiveRequest(req: SipRequest): ServerTransaction | null {
    const tx = this.findServer(req);
    if (tx === undefined) return null;
    if (req.method === 'ACK') {
      if (tx instanceof InviteServerTransaction && tx.receiveAck()) {
        this.stats.absorbed++;
        return tx;
      }
      return null;
    }
    tx.receiveRetransmission();
    this.stats.absorbed++;
    return tx;
  }

  /**
   * Makes the server transaction for a new request (INVITE → InviteServerTransaction, any
   * other method but ACK → NonInviteServerTransaction) and files it. `responseDest` is where
   * its responses go (`responseDestination()` of the transport module). An existing
   * transaction for the same key is replaced (the caller checked with `findServer`).
   */
  createServer(req: SipRequest, info: ReceiveInfo, responseDest: DestInfo, user: ServerTransactionUser): ServerTransaction {
    if (req.method === 'ACK') throw new Error('an ACK does not create a server transaction');
    const via = req.topVia;
    if (via === null) throw new Error('a request without Via cannot create a server transaction');
    const reliable = isReliable(info.proto);
    const timers = this.timersFor(reliable);
    const branch = via.branch ?? '';
    const tx: ServerTransaction =
      req.method === 'INVITE'
        ? new InviteServerTransaction(req, info, responseDest, branch, this, timers, reliable, user)
        : new NonInviteServerTransaction(req, info, responseDest, branch, this, timers, reliable, user);
    tx.sentByHost = via.host;
    tx.sentByPort = via.port;
    if (isRfc3261Branch(via.branch)) {
      file(this.#servers, via.branch, tx);
    } else {
      tx.legacyKey = legacyServerKey(req, via);
      this.#legacyServers.set(tx.legacyKey, tx);
      if (tx instanceof InviteServerTransaction) {
        tx.legacyAckKey = legacyAckKey(req, via);
        this.#legacyAcks.set(tx.legacyAckKey, tx);
      }
    }
    this.stats.serverCreated++;
    this.#serverCount++;
    return tx;
  }

  // ---- client side ------------------------------------------------------------------------

  /**
   * Makes and files a client transaction for a request that already carries our top Via
   * with `branch`; `start()` sends it. INVITE → InviteClientTransaction, others (CANCEL
   * included) → NonInviteClientTransaction. ACK has no client transaction.
   */
  createClient(req: SipRequest, dest: DestInfo, branch: string, user: ClientTransactionUser): ClientTransaction {
    if (req.method === 'ACK') throw new Error('an ACK has no client transaction');
    const reliable = isReliable(dest.proto);
    const timers = this.timersFor(reliable);
    const tx: ClientTransaction =
      req.method === 'INVITE'
        ? new InviteClientTransaction(req, dest, branch, this, timers, reliable, user)
        : new NonInviteClientTransaction(req, dest, branch, this, timers, reliable, user);
    file(this.#clients, branch, tx);
    this.stats.clientCreated++;
    this.#clientCount++;
    return tx;
  }

  /** The client transaction a response belongs to (§17.1.3). */
  findClient(res: SipResponse): ClientTransaction | undefined {
    const via = res.topVia;
    const cseq = res.cseq;
    if (via === null || via.branch === null || cseq === null) return undefined;
    for (let tx = this.#clients.get(via.branch); tx !== undefined; tx = tx.nextSameBranch as ClientTransaction | null ?? undefined) {
      if (matchesClient(tx, cseq.method)) return tx;
    }
    return undefined;
  }

  /** Gives a response to its client transaction; returns it, or null when none matched. */
  receiveResponse(res: SipResponse): ClientTransaction | null {
    const tx = this.findClient(res);
    if (tx === undefined) {
      this.stats.unmatchedResponses++;
      return null;
    }
    tx.receiveResponse(res);
    return tx;
  }

  /** Stops the timer wheel; transactions stay as they are (for shutdown and tests). */
  close(): void {
    this.wheel.close();
  }
}

/**
 * Files a transaction under its branch; an INVITE and the CANCEL (or the ACK-less retries of a
 * broken peer) that share a branch are chained, newest first.
 */
function file<T extends Transaction>(table: Map<string, T>, branch: string, tx: T): void {
  const head = table.get(branch);
  tx.nextSameBranch = head ?? null;
  table.set(branch, tx);
}

function unfile<T extends Transaction>(table: Map<string, T>, tx: T): void {
  const head = table.get(tx.branch);
  if (head === undefined) return;
  if (head === tx) {
    const next = tx.nextSameBranch as T | null;
    if (next === null) table.delete(tx.branch);
    else table.set(tx.branch, next);
    tx.nextSameBranch = null;
    return;
  }
  for (let t: Transaction | null = head; t !== null; t = t.nextSameBranch) {
    if (t.nextSameBranch === tx) {
      t.nextSameBranch = tx.nextSameBranch;
      tx.nextSameBranch = null;
      return;
    }
  }
}
