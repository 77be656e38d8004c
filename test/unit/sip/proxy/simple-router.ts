/**
 * A routing "script" for tests of the proxy core, shaped like the S4 perf cfg: maxfwd
 * (483), CANCEL relayed, in-dialog requests loose-routed (our Route removed; an R-URI that
 * names us goes to the fixed destination, as SIPp's built-in scenarios need), initial INVITEs
 * record-routed and relayed to the fixed destination (or the Request-URI) with optional
 * failure handling.
 */
import {
  processMaxForwards,
  recordRouteUri,
  type BranchHook,
  type BranchTarget,
  type FailureHook,
  type ProxyCore,
  type ReceiveInfo,
  type ReplyHook,
  type SipRequest,
} from '../../../../src/sip/index.js';

export interface SimpleRouterOptions {
  /** `$du` for every request whose Request-URI is not elsewhere (e.g. `sip:127.0.0.1:5080`). */
  readonly destination?: string;
  /** Add Record-Route to initial INVITEs (default true). */
  readonly recordRoute?: boolean;
  /** Several destinations at once (parallel forking) for initial INVITEs. */
  readonly fork?: readonly BranchTarget[];
  readonly onBranch?: BranchHook;
  readonly onReply?: ReplyHook;
  readonly onFailure?: FailureHook;
  /** Every request the router saw, for assertions. */
  readonly seen?: SipRequest[];
}

function isOurs(core: ProxyCore, host: string, port: number | null): boolean {
  return core.transports.isLocal(host, port);
}

export function simpleRouter(core: ProxyCore, options: SimpleRouterOptions = {}): (req: SipRequest, info: ReceiveInfo) => void {
  const rr = options.recordRoute ?? true;
  return (req, info) => {
    options.seen?.push(req);
    if (processMaxForwards(req, 70) === 'exhausted') {
      core.replyStateless(req, info, 483, 'Too Many Hops');
      return;
    }
    const ru = req.requestUri;
    const ruIsUs = ru.kind === 'sip' && isOurs(core, ru.host, ru.port);
    const target: BranchTarget = ruIsUs && options.destination !== undefined ? { dstUri: options.destination } : {};
    if (req.method === 'CANCEL') {
      core.relay(req, info, [target]);
      return;
    }
    if (req.to?.tag != null) {
      // loose_route(): remove our own top Route.
      const top = req.routes[0];
      if (top !== undefined && top.uri.kind === 'sip' && isOurs(core, top.uri.host, top.uri.port)) {
        const rest = req.headerValues('Route');
        req.removeHeaders('Route');
        const remaining = rest.join(', ').split(/,(?![^<]*>)/).slice(1).map((v) => v.trim()).filter((v) => v.length > 0);
        for (const v of remaining) req.appendHeader('Route', v);
      }
      if (req.method === 'ACK') core.forward(req, info, target);
      else core.relay(req, info, [target]);
      return;
    }
    if (rr && req.method === 'INVITE') {
      const listener = core.transports.byId(info.listenerId)?.listener;
      if (listener !== undefined) req.prependHeader('Record-Route', `<${recordRouteUri(listener)}>`);
    }
    if (req.method === 'ACK') {
      core.forward(req, info, target);
      return;
    }
    const targets = options.fork ?? [options.destination === undefined ? {} : { dstUri: options.destination }];
    core.relay(req, info, targets, {
      ...(options.onBranch === undefined ? {} : { onBranch: options.onBranch }),
      ...(options.onReply === undefined ? {} : { onReply: options.onReply }),
      ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
    });
  };
}
