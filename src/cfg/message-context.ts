/**
 * The state a compiled script works on while it processes one message (Kamailio's sip_msg
 * plus its run-time companions): the message and how it arrived, message and branch flags,
 * `$avp`s, the destination set (branch 0 is the Request-URI with `$du`), the return code,
 * and the reply lumps that local replies carry. `$var`s live in WorkerState, which outlives
 * messages, as they do in a Kamailio worker.
 */
import type { SipRequest, SipResponse } from '../sip/index.js';
import type { ReceiveInfo } from '../sip/transport-types.js';
import type { CoreServices } from './core-services.js';
import type { ScriptValue } from './script-value.js';

/** The kind of route being run (Kamailio's route type). */
export type RouteKind = 'request' | 'branch' | 'failure' | 'onreply' | 'reply' | 'event' | 'onsend' | 'startup';

/** An extra branch of the destination set (`append_branch`, `lookup` with several contacts). */
export interface Branch {
  uri: string;
  dstUri: string | null;
  q: number | null;
  flags: number;
  path: string | null;
  /** Listener the branch must leave from (a contact's receiving socket). */
  socket: string | null;
}

/** State that belongs to one worker and persists across messages: `$var`s. */
export class WorkerState {
  readonly vars = new Map<string, ScriptValue>();
}

/**
 * Kamailio's `ser_error` values that `sl_reply_error` maps to a reply (E_* from error.h).
 * Set by a failing action; cleared before each action.
 */
export const SER_ERRORS = {
  E_UNSPEC: -1,
  E_OUT_OF_MEM: -2,
  E_BAD_RE: -3,
  E_BUG: -5,
  E_CFG: -6,
  E_NO_SOCKET: -7,
  E_BAD_VIA: -8,
  E_BAD_TUPEL: -9,
  E_SCRIPT: -10,
  E_EXEC: -11,
  E_TOO_MANY_BRANCHES: -12,
  E_BAD_TO: -13,
  E_INVALID_PARAMS: -14,
  E_Q_INV_CHAR: -15,
  E_Q_EMPTY: -16,
  E_Q_TOO_BIG: -17,
  E_Q_DEC_MISSING: -18,
  E_NO_DESTINATION: -19,
  E_SEND: -477,
  E_BAD_ADDRESS: -478,
  E_BAD_REQ: -400,
  E_BAD_SERVER: -500,
  E_ADM_PROHIBITED: -510,
  E_BLACKLISTED: -520,
  E_BAD_PROTO: -480,
} as const;

export class MessageContext {
  /** Replaced only by edits that re-parse the message (textops subst, msg_apply_changes). */
  msg: SipRequest | SipResponse;
  readonly rcv: ReceiveInfo;
  readonly core: CoreServices;
  readonly worker: WorkerState;
  routeType: RouteKind;
  /** Message flags 0..31. */
  flags = 0;
  /** Branch flags of branch 0 (the Request-URI branch). */
  bflags = 0;
  /** `$rc`: the return code of the last function, route or return. */
  rc = 1;
  /** The value of the last `return`. */
  retValue = 1;
  /** `$du`. */
  dstUri: string | null = null;
  /** Path of branch 0 (set by lookup). */
  path: string | null = null;
  /** q of branch 0. */
  ruriQ: number | null = null;
  /** Extra branches (branch 1 …). */
  branches: Branch[] = [];
  /** `$avp(name)`: a stack per name, newest last. */
  readonly avps = new Map<string, ScriptValue[]>();
  /** Listener the message must leave from (`force_send_socket`, lookup). */
  forceSocket: string | null = null;
  forceRport = false;
  replyNoConnect = false;
  forwardNoConnect = false;
  replyClose = false;
  /** How many local replies were sent for this message. */
  repliesSent = 0;
  /** The status of the last local reply, for `t_check_status` in request routes. */
  lastReplyStatus: number | null = null;
  /** How deep route() calls are nested now. */
  routeDepth = 0;
  /** Set by `drop`. */
  dropped = false;
  /** Kamailio's ser_error: set by a failing action, cleared before the next one. */
  error = 0;
  /** The error the previous action left (what sl_reply_error reads). */
  prevError = 0;
  /** Header fields every local reply to this message carries (Kamailio's reply lumps). */
  readonly replyHeaders: [string, string][] = [];

  constructor(msg: SipRequest | SipResponse, rcv: ReceiveInfo, core: CoreServices, worker: WorkerState, routeType: RouteKind = 'request') {
    this.msg = msg;
    this.rcv = rcv;
    this.core = core;
    this.worker = worker;
    this.routeType = routeType;
  }

  /** The request, or null when the message is a reply. */
  get request(): SipRequest | null {
    return this.msg.kind === 'request' ? this.msg : null;
  }

  setFlag(n: number): void {
    this.flags |= 1 << n;
  }

  resetFlag(n: number): void {
    this.flags &= ~(1 << n);
  }

  isFlagSet(n: number): boolean {
    return (this.flags & (1 << n)) !== 0;
  }

  /** Pushes a value onto `$avp(name)`. */
  pushAvp(name: string, value: ScriptValue): void {
    const stack = this.avps.get(name);
    if (stack === undefined) this.avps.set(name, [value]);
    else stack.push(value);
  }

  /** The newest value of `$avp(name)`, or null. */
  avp(name: string): ScriptValue {
    const stack = this.avps.get(name);
    return stack === undefined || stack.length === 0 ? null : (stack[stack.length - 1] ?? null);
  }
}
