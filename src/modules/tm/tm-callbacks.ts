/**
 * The callbacks other modules register with tm (what Kamailio's tm offers as TMCB_REQUEST_IN,
 * TMCB_ON_FAILURE and TMCB_RESPONSE_OUT), and when each runs:
 *
 * - request in: a transaction was made for a request (`t_newtran`, `t_relay`, a CANCEL that
 *   matched nothing). Registered once, for every transaction; the place to register the
 *   per-transaction callbacks below. The script has not copied its flags into the transaction
 *   yet (that happens at `t_relay`), so decide by flags in the later callbacks.
 * - on failure: every branch has a final answer, the best is 300 or above, and nothing final
 *   went upstream yet — just before failure_route would run (also when none is armed). It gets
 *   the best reply and the message flags failure_route will start with; changes to `flags` are
 *   what failure_route sees. The transaction's own flags (those a reply sent from inside
 *   failure_route is accounted with) stay as they were until failure_route ends.
 * - response out: the first final reply of the transaction went upstream (relayed, chosen after
 *   the branches, or sent locally by `t_reply`, `send_reply` or tm itself), with the flags the
 *   transaction has at that moment.
 *
 * Callbacks run synchronously on the transaction's path; tm logs what they throw and goes on.
 * Without any registered callback none of this costs a transaction anything.
 */
import type { SipResponse } from '../../sip/index.js';
import type { ProxyTransaction } from '../../sip/proxy/index.js';

export type RequestInCallback = (tx: ProxyTransaction) => void;

export interface FailureEvent {
  readonly tx: ProxyTransaction;
  /** The best final reply of the branches (a local one for a timeout or a transport error). */
  readonly reply: SipResponse;
  /** The message flags failure_route starts with. */
  flags: number;
}

export type FailureCallback = (event: FailureEvent) => void;

export interface ResponseOutEvent {
  readonly tx: ProxyTransaction;
  readonly response: SipResponse;
  /** The transaction's message flags when the reply went out. */
  readonly flags: number;
}

export type ResponseOutCallback = (event: ResponseOutEvent) => void;
