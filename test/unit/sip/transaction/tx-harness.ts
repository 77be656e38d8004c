/** A transaction layer over a recording sender and a manual clock, and message builders. */
import {
  ManualClock,
  parseMessage,
  TransactionLayer,
  type ClientTransaction,
  type ClientTransactionUser,
  type DestInfo,
  type MessageSender,
  type ReceiveInfo,
  type SendErrorSink,
  type ServerTransaction,
  type ServerTransactionUser,
  type SipRequest,
  type SipResponse,
  type TimerSettings,
} from '../../../../src/sip/index.js';

export interface Sent {
  readonly dest: DestInfo;
  readonly text: string;
  readonly at: number;
  readonly firstLine: string;
}

/** Records every send; can fail sends on demand. */
export class RecordingSender implements MessageSender {
  readonly sent: Sent[] = [];
  failWith: Error | null = null;
  readonly #clock: ManualClock;

  constructor(clock: ManualClock) {
    this.#clock = clock;
  }

  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void {
    const text = data.toString();
    this.sent.push({ dest, text, at: this.#clock.now(), firstLine: text.slice(0, text.indexOf('\r\n')) });
    const err = this.failWith;
    if (err !== null && errors !== undefined) process.nextTick(() => { errors.onSendError(err, dest); });
  }

  /** Times of the sends whose first line starts with `prefix`. */
  times(prefix: string): number[] {
    return this.sent.filter((s) => s.firstLine.startsWith(prefix)).map((s) => s.at);
  }
}

export class ClientTu implements ClientTransactionUser {
  readonly responses: number[] = [];
  timeouts = 0;
  transportErrors = 0;
  onResponse(_tx: ClientTransaction, res: SipResponse): void {
    this.responses.push(res.status);
  }
  onTimeout(): void {
    this.timeouts++;
  }
  onTransportError(): void {
    this.transportErrors++;
  }
}

export class ServerTu implements ServerTransactionUser {
  timeouts = 0;
  transportErrors = 0;
  terminated = 0;
  onServerTimeout(_tx: ServerTransaction): void {
    this.timeouts++;
  }
  onServerTransportError(): void {
    this.transportErrors++;
  }
  onServerTerminated(): void {
    this.terminated++;
  }
}

export interface Harness {
  readonly clock: ManualClock;
  readonly sender: RecordingSender;
  readonly layer: TransactionLayer;
  readonly errors: unknown[];
}

export function harness(timers?: Partial<TimerSettings>): Harness {
  const clock = new ManualClock();
  const sender = new RecordingSender(clock);
  const errors: unknown[] = [];
  const layer = new TransactionLayer({ sender, clock, tickMs: 10, onError: (e) => errors.push(e), ...(timers === undefined ? {} : { timers }) });
  return { clock, sender, layer, errors };
}

export const UDP_DEST: DestInfo = { proto: 'udp', to: { address: '192.0.2.20', port: 5060, family: 'IPv4' } };
export const TCP_DEST: DestInfo = { proto: 'tcp', to: { address: '192.0.2.20', port: 5060, family: 'IPv4' } };

export function info(proto: 'udp' | 'tcp' = 'udp'): ReceiveInfo {
  return {
    proto,
    src: { address: '192.0.2.10', port: 5060, family: 'IPv4' },
    dst: { address: '192.0.2.1', port: 5060, family: 'IPv4' },
    listenerId: `${proto}:192.0.2.1:5060`,
    ...(proto === 'tcp' ? { connectionId: 'c1' } : {}),
  };
}

export interface MsgFields {
  readonly method?: string;
  readonly branch?: string;
  readonly sentBy?: string;
  readonly cseq?: number;
  readonly cseqMethod?: string;
  readonly toTag?: string;
  readonly fromTag?: string;
  readonly callId?: string;
  readonly uri?: string;
  readonly extra?: readonly string[];
}

export function req(f: MsgFields = {}): SipRequest {
  const method = f.method ?? 'INVITE';
  const text = [
    `${method} ${f.uri ?? 'sip:bob@192.0.2.20'} SIP/2.0`,
    `Via: SIP/2.0/UDP ${f.sentBy ?? '192.0.2.10:5060'}${f.branch === '' ? '' : `;branch=${f.branch ?? 'z9hG4bKclient1'}`}`,
    'Max-Forwards: 70',
    `From: <sip:alice@example.com>;tag=${f.fromTag ?? 'f1'}`,
    `To: <sip:bob@example.com>${f.toTag === undefined ? '' : `;tag=${f.toTag}`}`,
    `Call-ID: ${f.callId ?? 'call-1'}`,
    `CSeq: ${String(f.cseq ?? 1)} ${f.cseqMethod ?? method}`,
    ...(f.extra ?? []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const m = parseMessage(Buffer.from(text));
  if (m.kind !== 'request') throw new Error('not a request');
  return m;
}

export function res(status: number, f: MsgFields = {}): SipResponse {
  const text = [
    `SIP/2.0 ${String(status)} Something`,
    `Via: SIP/2.0/UDP ${f.sentBy ?? '192.0.2.1:5060'};branch=${f.branch ?? 'z9hG4bKproxy1'}`,
    `From: <sip:alice@example.com>;tag=${f.fromTag ?? 'f1'}`,
    `To: <sip:bob@example.com>${f.toTag === undefined ? (status > 100 ? ';tag=t9' : '') : `;tag=${f.toTag}`}`,
    `Call-ID: ${f.callId ?? 'call-1'}`,
    `CSeq: ${String(f.cseq ?? 1)} ${f.cseqMethod ?? 'INVITE'}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const m = parseMessage(Buffer.from(text));
  if (m.kind !== 'response') throw new Error('not a response');
  return m;
}

/** A request as this element sends it: our Via on top with `branch`. */
export function outgoing(method = 'INVITE', branch = 'z9hG4bKproxy1', extra: readonly string[] = []): SipRequest {
  const r = req({ method, extra });
  r.prependHeader('Via', `SIP/2.0/UDP 192.0.2.1:5060;branch=${branch}`);
  return r;
}

/** Differences between consecutive times. */
export function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] ?? 0));
}
