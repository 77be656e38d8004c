/**
 * kamctl ping: the server sends an OPTIONS request to a URI through tm (`tm.t_uac_wait_block`)
 * and the call returns when the final reply arrives, or when the transaction times out (tm's
 * fr_timer, 30 s by default, gives 408).
 *
 * The headers are kamctl's (From/To/Contact of sip:daemon@HOST, HOST = SIP_DOMAIN or the host
 * name) plus a From tag; the body parameter is sent empty, since over BINRPC tm reads a missing
 * body as one without a Content-Type and refuses the request.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { num, optString, structOf } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';

export interface PingResult {
  readonly uri: string;
  readonly status: number;
  readonly reason: string;
  /** Wall time of the RPC call: server's request out, reply in, plus the control round trip. */
  readonly elapsedMs: number;
}

/** The least time a ping may wait: tm's default fr_timer (30 s) plus headroom. */
export const PING_MIN_TIMEOUT_MS = 40_000;

export function checkPingUri(text: string): string {
  const uri = text.trim();
  if (!/^sips?:[^\s<>"]+$/i.test(uri)) throw new AppError('E_USAGE', `"${text}" is not a SIP URI (sip:user@host[:port])`);
  return uri;
}

export function pingHeaders(uri: string, host: string, tag: string): string {
  return [`From: <sip:daemon@${host}>;tag=${tag}`, `To: <${uri}>`, `Contact: <sip:daemon@${host}>`, ''].join('\r\n');
}

export async function ping(rpc: RpcCaller, uriText: string, host: string, clock: () => number = () => performance.now()): Promise<PingResult> {
  const uri = checkPingUri(uriText);
  const tag = randomBytes(6).toString('hex');
  const started = clock();
  const reply = await rpc.call('tm.t_uac_wait_block', ['OPTIONS', uri, '.', '.', pingHeaders(uri, host, tag), '']);
  const elapsedMs = Math.round((clock() - started) * 10) / 10;
  const s = structOf('tm.t_uac_wait_block', reply, 'the result');
  return { uri, status: num('tm.t_uac_wait_block', s['code'], 'code'), reason: optString(s['text']) ?? '', elapsedMs };
}

export function renderPing(r: PingResult): string {
  return `${r.uri}: ${String(r.status)} ${r.reason} (${r.elapsedMs.toFixed(1)} ms)`;
}
