/** RFC 3261 §17 transactions (with RFC 6026), their timers on an injected clock, and the layer that matches messages to them. */
export { TransactionState, transitionTable, type TransitionTable } from './transaction-state.js';
export { ManualClock, systemClock, type Clock, type ClockHandle } from './clock.js';
export { TimerEntry, TimerWheel, type TimerTarget, type TimerWheelOptions } from './timer-wheel.js';
export { RFC3261_TIMERS, transactionTimers, type TimerSettings, type TransactionTimers } from './timers.js';
export { BranchIdSource, isRfc3261Branch, MAGIC_COOKIE } from './branch-id.js';
export { Transaction, type TransactionHost } from './transaction.js';
export { InviteClientTransaction } from './invite-client.js';
export { NonInviteClientTransaction } from './non-invite-client.js';
export { InviteServerTransaction } from './invite-server.js';
export { NonInviteServerTransaction } from './non-invite-server.js';
export type { ClientTransaction, ClientTransactionUser } from './client-transaction-user.js';
export { IGNORING_SERVER_USER, type ServerTransaction, type ServerTransactionUser } from './server-transaction-user.js';
export { legacyAckKey, legacyServerKey, matchesClient, matchesServer, type MatchFields } from './transaction-keys.js';
export { TransactionLayer, type MessageSender, type TransactionLayerOptions, type TransactionLayerStats } from './transaction-layer.js';
export { createResponse, type CreateResponseOptions } from './create-response.js';
export { copyFirstField, createAck, topViaField } from './create-ack.js';
export { createCancel } from './create-cancel.js';
