/**
 * One RPC session with the running server for a provisioning command (rm's ul.rm, add's
 * ALIASES_TYPE=UL check): the control socket chosen as the runtime commands choose it
 * (--ctl, CTLURL, CTLENGINE; src/ctl/ctl-target.ts), the deadline from --timeout or CTLTIMEOUT,
 * and the client closed afterwards whatever happens.
 */
import { parseTimeoutSeconds, resolveCtlTarget, type CtlRc } from '../../ctl/ctl-target.js';
import type { RpcCaller } from '../../ctl/rpc-caller.js';
import { parseCtlUrl } from '../../rpc/ctl-url.js';

export interface ServerRpcOptions {
  readonly rc: CtlRc & { int(key: string): number | undefined };
  readonly ctlFlag: string | undefined;
  readonly timeoutFlag: string | undefined;
}

/** The control URL the options name (E_RC_VALUE when the rc keys name none). */
export function serverCtlUrl(o: ServerRpcOptions): string {
  return resolveCtlTarget(o.rc, o.ctlFlag).url;
}

export async function withServerRpc<T>(o: ServerRpcOptions, fn: (rpc: RpcCaller) => Promise<T>): Promise<T> {
  const parsed = parseCtlUrl(serverCtlUrl(o));
  const timeoutMs = o.timeoutFlag === undefined ? (o.rc.int('CTLTIMEOUT') ?? 5) * 1000 : parseTimeoutSeconds(o.timeoutFlag, '--timeout');
  const replyDir = parsed.transport === 'fifo' ? o.rc.get('RPCFIFOREPLYDIR') : undefined;
  const { createRpcClient } = await import('../../rpc/client.js');
  const client = createRpcClient(parsed, { timeoutMs, ...(replyDir === undefined ? {} : { replyDir }) });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
