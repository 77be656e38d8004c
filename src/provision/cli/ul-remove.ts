/**
 * The last step of kamctl rm: drop the user's registrations from the running server with
 * `ul.rm location AOR`. A server that cannot be reached is not an error of rm (the account is
 * gone from the database either way); the outcome says so in words instead.
 */
import { AppError } from '../../errors.js';
import { serverCtlUrl, withServerRpc, type ServerRpcOptions } from './server-rpc.js';

export interface UlRemoval {
  /** removed: the server accepted ul.rm; unreachable: no server answered; failed: it answered with a fault. */
  readonly status: 'removed' | 'unreachable' | 'failed';
  readonly url: string | undefined;
  readonly message: string;
}

export interface UlRemoveOptions extends ServerRpcOptions {
  readonly table: string;
  readonly aor: string;
}

export async function removeRegistrations(o: UlRemoveOptions): Promise<UlRemoval> {
  let url: string | undefined;
  try {
    url = serverCtlUrl(o);
    await withServerRpc(o, (rpc) => rpc.call('ul.rm', [o.table, o.aor]));
    return { status: 'removed', url, message: `registrations of ${o.aor} removed from the server at ${url}` };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'E_RPC_CONNECT' || err.code === 'E_RPC_TIMEOUT' || err.code === 'E_RC_VALUE') {
      return { status: 'unreachable', url, message: `no server reachable${url === undefined ? '' : ` at ${url}`} (${err.message}): registrations of ${o.aor}, if any, were not removed; run "sipctl ul rm ${o.aor}" when the server is up` };
    }
    if (err.code === 'E_USAGE') throw err;
    return { status: 'failed', url, message: `the server at ${String(url)} refused ul.rm ${o.table} ${o.aor}: ${err.message}` };
  }
}
