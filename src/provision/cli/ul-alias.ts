/**
 * kamctl's ALIASES_TYPE=UL check of add: is the new name an alias in the running server's
 * usrloc table ALS_TABLE (default `aliases`)? Asked with `ul.lookup <table> <user@domain>`.
 * As in kamctl, a server that cannot be asked stops the add; the error names the control URL.
 */
import { AppError } from '../../errors.js';
import { ulLookup } from '../../ctl/usrloc.js';
import type { UserDomain } from '../validate/user-domain.js';
import { formatUserDomain } from '../validate/user-domain.js';
import { serverCtlUrl, withServerRpc, type ServerRpcOptions } from './server-rpc.js';

export interface UlAliasOptions extends ServerRpcOptions {
  /** ALS_TABLE: the usrloc table that holds the aliases. */
  readonly table: string;
}

/** Whether `alias` has contacts in the usrloc table `o.table` of the running server. */
export async function isUsrlocAlias(o: UlAliasOptions, alias: UserDomain): Promise<boolean> {
  const aor = formatUserDomain(alias);
  let url: string | undefined;
  try {
    url = serverCtlUrl(o);
    await withServerRpc(o, (rpc) => ulLookup(rpc, aor, o.table));
    return true;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'E_NOT_FOUND') return false;
    const asked = `ALIASES_TYPE=UL: cannot ask the server${url === undefined ? '' : ` at ${url}`} whether ${aor} is an alias (ul.lookup ${o.table} ${aor})`;
    const advice = 'start the server, name its control socket with --ctl or CTLURL, or set ALIASES_TYPE=DB; nothing was written';
    throw new AppError(err.code, `${asked}: ${err.message}; ${advice}`, { cause: err });
  }
}
