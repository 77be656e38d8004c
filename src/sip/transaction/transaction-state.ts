/** The states of the four RFC 3261 §17 transaction machines, plus RFC 6026's Accepted. */
export enum TransactionState {
  Calling = 'Calling',
  Trying = 'Trying',
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Confirmed = 'Confirmed',
  Accepted = 'Accepted',
  Terminated = 'Terminated',
}

/** The legal edges of one machine: from-state → the states it may move to. */
export type TransitionTable = ReadonlyMap<TransactionState, ReadonlySet<TransactionState>>;

export function transitionTable(edges: Readonly<Partial<Record<TransactionState, readonly TransactionState[]>>>): TransitionTable {
  const m = new Map<TransactionState, ReadonlySet<TransactionState>>();
  for (const from of Object.values(TransactionState)) {
    const to = edges[from];
    if (to !== undefined) m.set(from, new Set(to));
  }
  return m;
}
