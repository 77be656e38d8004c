/** kamctl's `dialplan reload` and a `translate` (dialplan.translate) to test rules. */
import { AppError } from '../errors.js';
import type { RpcValue } from '../rpc/rpc-value.js';
import { faultAsNotFound } from './rpc-faults.js';
import { optString, str, structOf } from './reply-fields.js';
import { messageOf, type MessageResult } from './dispatcher.js';
import type { RpcCaller } from './rpc-caller.js';

export interface TranslateResult {
  readonly dpid: number;
  readonly input: string;
  readonly output: string;
  readonly attributes: string | null;
}

export function parseDpid(text: string): number {
  if (!/^\d{1,10}$/.test(text.trim())) throw new AppError('E_USAGE', `dpid must be a whole number, not "${text}"`);
  return Number(text.trim());
}

export function parseTranslate(dpid: number, input: string, reply: RpcValue): TranslateResult {
  const s = structOf('dialplan.translate', reply, 'the result');
  return { dpid, input, output: str('dialplan.translate', s['Output'], 'Output'), attributes: optString(s['Attributes']) };
}

export async function dialplanTranslate(rpc: RpcCaller, dpid: number, input: string): Promise<TranslateResult> {
  const reply = await faultAsNotFound(() => rpc.call('dialplan.translate', [dpid, input]), /No translation|Invalid dpid|no dialplan/i, `Dialplan ${String(dpid)} has no rule matching "${input}"`);
  return parseTranslate(dpid, input, reply);
}

export async function dialplanReload(rpc: RpcCaller): Promise<MessageResult> {
  return { message: messageOf(await rpc.call('dialplan.reload', [])) };
}

export function renderTranslate(r: TranslateResult): string {
  return `${r.input} → ${r.output}${r.attributes === null || r.attributes === '' ? '' : ` (attributes: ${r.attributes})`}`;
}
