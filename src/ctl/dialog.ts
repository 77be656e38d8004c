/** kamctl's `dialog show` over `dlg.list`. */
import type { RpcValue } from '../rpc/rpc-value.js';
import { table } from '../cli/render.js';
import { listOf, optNumber, optString, structOf } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';
import { formatDuration } from './usrloc.js';

export interface DialogLeg {
  readonly tag: string | null;
  readonly contact: string | null;
  readonly cseq: string | null;
  readonly routeSet: string | null;
  readonly socket: string | null;
}

export interface DialogInfo {
  readonly hEntry: number | null;
  readonly hId: number | null;
  readonly callId: string | null;
  readonly fromUri: string | null;
  readonly toUri: string | null;
  /** dialog's state: 1 unconfirmed, 2 early, 3 confirmed, 4 established, 5 ended. */
  readonly state: number | null;
  readonly startTs: number | null;
  readonly duration: number | null;
  readonly timeout: number | null;
  readonly caller: DialogLeg;
  readonly callee: DialogLeg;
}

export interface DialogShowResult {
  readonly dialogs: readonly DialogInfo[];
}

const STATES: Readonly<Record<number, string>> = { 1: 'unconfirmed', 2: 'early', 3: 'confirmed', 4: 'established', 5: 'ended' };

function legOf(value: RpcValue | undefined): DialogLeg {
  const s = value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value) ? structOf('dlg.list', value, 'a leg') : {};
  return { tag: optString(s['tag']), contact: optString(s['contact']), cseq: optString(s['cseq']), routeSet: optString(s['route_set']), socket: optString(s['socket']) };
}

export function parseDlgList(reply: RpcValue): DialogInfo[] {
  return listOf(reply).map((item) => {
    const d = structOf('dlg.list', item, 'a dialog');
    return {
      hEntry: optNumber(d['h_entry']),
      hId: optNumber(d['h_id']),
      callId: optString(d['call-id']),
      fromUri: optString(d['from_uri']),
      toUri: optString(d['to_uri']),
      state: optNumber(d['state']),
      startTs: optNumber(d['start_ts']),
      duration: optNumber(d['duration']),
      timeout: optNumber(d['timeout']),
      caller: legOf(d['caller']),
      callee: legOf(d['callee']),
    };
  });
}

export async function dialogShow(rpc: RpcCaller): Promise<DialogShowResult> {
  return { dialogs: parseDlgList(await rpc.call('dlg.list', [], { returns: 'list' })) };
}

export function renderDialogShow(r: DialogShowResult): string {
  if (r.dialogs.length === 0) return 'no active dialogs';
  return table(
    ['call-id', 'from', 'to', 'state', 'duration'],
    r.dialogs.map((d) => [d.callId ?? '', d.fromUri ?? '', d.toUri ?? '', d.state === null ? '' : (STATES[d.state] ?? String(d.state)), d.duration === null ? '' : formatDuration(d.duration)]),
  );
}
