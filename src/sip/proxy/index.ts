/** The stateful proxy core (tm without the routing script): relaying with forking, CANCEL, fr timers, failure handling; stateless forwarding. */
export { ProxyCore, type ProxyCoreHooks, type ProxyCoreOptions, type TransactionHooks } from './proxy-core.js';
export { ProxyTransaction, type BranchHook, type BranchTarget, type FailureHook, type FinalResponseHook, type RelayError, type ReplyHook } from './proxy-transaction.js';
export { ProxyBranch, type BranchState } from './proxy-branch.js';
export { DEFAULT_PROXY_SETTINGS, newProxyStats, type ProxyContext, type ProxySettings, type ProxyStats } from './proxy-settings.js';
export { FailureReplyMode, failureReplyModeOf } from './failure-reply-mode.js';
export { betterResponse, pickBest, responseRank, upstreamStatus } from './response-selection.js';
export { processMaxForwards, type MaxForwardsResult } from './max-forwards.js';
export { cloneRequest } from './clone-request.js';
export { statelessBranch, statelessToTag, type TagSocket } from './stateless-ids.js';
