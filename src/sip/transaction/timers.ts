/** The three base values of RFC 3261 §17 (Table 4), in ms. */
export interface TimerSettings {
  /** RTT estimate: 500 ms. */
  readonly T1: number;
  /** Largest retransmission interval of non-INVITE requests and INVITE responses: 4 s. */
  readonly T2: number;
  /** Longest time a message stays in the network: 5 s. */
  readonly T4: number;
  /**
   * When set, the longest a finished transaction waits to absorb retransmissions: caps Timers
   * D, J, L and M (64*T1 = 32 s in RFC 3261). Kamailio's tm does this with its wait timer
   * (`wt_timer`, 5 s); at thousands of calls per second it is the difference between holding
   * a few seconds of transactions and half a minute of them.
   */
  readonly wait?: number;
}

export const RFC3261_TIMERS: TimerSettings = { T1: 500, T2: 4000, T4: 5000 };

/**
 * Every transaction timer of RFC 3261 §17 (Table 4) and RFC 6026 §8.3, in ms, for one kind
 * of transport. The wait timers that absorb retransmissions (D, I, J, K) are 0 on a reliable
 * transport and only there; the retransmission timers (A, E, G) are not used on one.
 */
export interface TransactionTimers {
  /** INVITE request retransmit interval, first value (UDP only). */
  readonly TIMER_A: number;
  /** INVITE transaction timeout. */
  readonly TIMER_B: number;
  /** Wait for response retransmits (ICT Completed). */
  readonly TIMER_D: number;
  /** Non-INVITE request retransmit interval, first value (UDP only). */
  readonly TIMER_E: number;
  /** Non-INVITE transaction timeout. */
  readonly TIMER_F: number;
  /** INVITE response retransmit interval, first value (UDP only). */
  readonly TIMER_G: number;
  /** Wait for ACK receipt. */
  readonly TIMER_H: number;
  /** Wait for ACK retransmits (IST Confirmed). */
  readonly TIMER_I: number;
  /** Wait for non-INVITE request retransmits (NIST Completed). */
  readonly TIMER_J: number;
  /** Wait for response retransmits (NICT Completed). */
  readonly TIMER_K: number;
  /** RFC 6026: wait for INVITE retransmits and ACKs after a 2xx (IST Accepted). */
  readonly TIMER_L: number;
  /** RFC 6026: wait for 2xx retransmits (ICT Accepted). */
  readonly TIMER_M: number;
  readonly T1: number;
  readonly T2: number;
  readonly T4: number;
}

/**
 * The timers for a transport. Timer D is "> 32 s for UDP": 64*T1, which is 32 s with the
 * default T1 and scales with it in tests.
 */
export function transactionTimers(s: TimerSettings, reliable: boolean): TransactionTimers {
  const t64 = 64 * s.T1;
  const wait = Math.min(t64, s.wait ?? t64);
  return {
    TIMER_A: s.T1,
    TIMER_B: t64,
    TIMER_D: reliable ? 0 : wait,
    TIMER_E: s.T1,
    TIMER_F: t64,
    TIMER_G: s.T1,
    TIMER_H: t64,
    TIMER_I: reliable ? 0 : s.T4,
    TIMER_J: reliable ? 0 : wait,
    TIMER_K: reliable ? 0 : s.T4,
    TIMER_L: wait,
    TIMER_M: wait,
    T1: s.T1,
    T2: s.T2,
    T4: s.T4,
  };
}
