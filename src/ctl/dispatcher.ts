/** kamctl's `dispatcher reload|dump` and the missing `set-state`, over dispatcher's RPC methods. */
import { AppError } from '../errors.js';
import { isRpcStruct, type RpcValue } from '../rpc/rpc-value.js';
import { table } from '../cli/render.js';
import { faultAsNotFound } from './rpc-faults.js';
import { listOf, num, optNumber, optString, str, structOf, unwrap } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';

export interface DispatcherTarget {
  readonly uri: string;
  /** dispatcher's state letters: A active, I inactive, D disabled, T trying, P probing, X none. */
  readonly flags: string;
  readonly priority: number;
  /** The attrs column as written, or null. */
  readonly attrs: string | null;
  readonly duid: string | null;
  readonly weight: number | null;
  readonly socket: string | null;
}

export interface DispatcherSet {
  readonly id: number;
  readonly targets: readonly DispatcherTarget[];
}

export interface DispatcherDumpResult {
  readonly sets: readonly DispatcherSet[];
}

const M = 'dispatcher.list';

function targetOf(value: RpcValue): DispatcherTarget {
  const d = structOf(M, unwrap(value, 'DEST'), 'a DEST entry');
  const attrs = d['ATTRS'];
  const a = attrs !== undefined && isRpcStruct(attrs) ? attrs : {};
  return {
    uri: str(M, d['URI'], 'URI'),
    flags: optString(d['FLAGS']) ?? '',
    priority: optNumber(d['PRIORITY']) ?? 0,
    attrs: optString(a['BODY']),
    duid: optString(a['DUID']),
    weight: optNumber(a['WEIGHT']),
    socket: optString(a['SOCKET']),
  };
}

export function parseDispatcherList(reply: RpcValue): DispatcherSet[] {
  // An empty dispatcher answers with no records at all: {} over BINRPC, {} or null over JSON.
  if (reply === null || (isRpcStruct(reply) && Object.keys(reply).length === 0)) return [];
  const top = structOf(M, reply, 'the result');
  return listOf(top['RECORDS'])
    .map((entry) => {
      const set = structOf(M, unwrap(entry, 'SET'), 'a SET entry');
      return { id: num(M, set['ID'], 'SET.ID'), targets: listOf(set['TARGETS']).map(targetOf) };
    })
    .sort((a, b) => a.id - b.id);
}

export async function dispatcherDump(rpc: RpcCaller): Promise<DispatcherDumpResult> {
  return { sets: parseDispatcherList(await rpc.call(M, [])) };
}

export interface MessageResult {
  /** What the server answered, e.g. "Ok. Dispatcher successfully reloaded." (empty when it said nothing). */
  readonly message: string;
}

export function messageOf(reply: RpcValue): string {
  return typeof reply === 'string' ? reply : '';
}

export async function dispatcherReload(rpc: RpcCaller): Promise<MessageResult> {
  return { message: messageOf(await rpc.call('dispatcher.reload', [])) };
}

export interface SetStateOptions {
  /** a (active), i (inactive), d (disabled), optionally with p (probing): a, i, d, ap, ip … */
  readonly state: string;
  readonly setId: number;
  /** A destination URI as in the list, or `all`. */
  readonly destination: string;
}

export interface SetStateResult extends SetStateOptions {
  readonly message: string;
}

export function parseState(text: string): string {
  const t = text.trim().toLowerCase();
  if (!/^(?:[aid]p?|p[aid]?|t)$/.test(t)) throw new AppError('E_USAGE', `state must be a (active), i (inactive), d (disabled) or t (trying), optionally with p (probing): not "${text}"`);
  return t;
}

export async function dispatcherSetState(rpc: RpcCaller, o: SetStateOptions): Promise<SetStateResult> {
  const reply = await faultAsNotFound(
    () => rpc.call('dispatcher.set_state', [o.state, o.setId, o.destination]),
    /State Update Failed/i,
    `Set ${String(o.setId)} has no destination ${o.destination}`,
  );
  return { ...o, message: messageOf(reply) };
}

export function renderDispatcherDump(r: DispatcherDumpResult): string {
  if (r.sets.length === 0) return 'no dispatcher sets loaded';
  const rows = r.sets.flatMap((s) => s.targets.map((t) => [s.id, t.uri, t.flags, t.priority, t.weight ?? '', t.duid ?? '', t.attrs ?? '']));
  return table(['set', 'destination', 'state', 'priority', 'weight', 'duid', 'attrs'], rows);
}
