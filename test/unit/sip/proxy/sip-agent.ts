/**
 * A scriptable SIP endpoint for tests (UAC, UAS or both) over any Transport: it records every
 * message it receives, can answer automatically, and builds requests from a few fields.
 * Used by the loopback tests here and by the real-socket tests in test/integration/sip/.
 */
import { randomBytes } from 'node:crypto';
import {
  createResponse,
  parseMessage,
  serializeMessage,
  type DestInfo,
  type ReceiveInfo,
  type SipRequest,
  type SipResponse,
  type Transport,
  type TransportAddress,
  type TransportSink,
} from '../../../../src/sip/index.js';

export interface Received {
  readonly msg: SipRequest | SipResponse;
  readonly info: ReceiveInfo;
  /** Order of arrival over all agents of a test (see `sequence`). */
  readonly seq: number;
  /** When it arrived, by the agent's clock. */
  readonly at: number;
}

let sequence = 0;

/** What an agent does with a received message (besides recording it). */
export type AutoAnswer = (msg: SipRequest | SipResponse, info: ReceiveInfo, agent: SipAgent) => void;

export interface RequestFields {
  readonly method: string;
  readonly uri: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag?: string;
  readonly cseq?: number;
  /** CSeq method (default: method). */
  readonly cseqMethod?: string;
  readonly branch?: string;
  readonly maxForwards?: number | null;
  readonly from?: string;
  readonly to?: string;
  readonly headers?: readonly string[];
  readonly body?: string;
  /** Override the Via sent-by (default: the agent's address). */
  readonly viaHost?: string;
  /** Extra Via params, e.g. ';rport'. */
  readonly viaParams?: string;
}

export function newBranch(): string {
  return `z9hG4bK${randomBytes(6).toString('hex')}`;
}

export function newTag(): string {
  return randomBytes(4).toString('hex');
}

export class SipAgent implements TransportSink {
  readonly transport: Transport;
  readonly inbox: Received[] = [];
  auto: AutoAnswer | null = null;
  /** Stamps arrivals (`Received.at`); a test with a manual clock sets it. */
  clock: { now(): number } = { now: () => Date.now() };
  readonly #waiters: { pred: (r: Received) => boolean; resolve: (r: Received) => void; from: number }[] = [];

  constructor(transport: Transport) {
    this.transport = transport;
  }

  async start(): Promise<this> {
    await this.transport.start(this);
    return this;
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  get address(): TransportAddress {
    const l = this.transport.listener;
    return { address: l.address, port: l.port, family: l.family };
  }

  /** `host:port` as used in Via and URIs. */
  get hostport(): string {
    return this.transport.listener.sentBy;
  }

  /** `sip:user@host:port` (with `;transport=tcp` over TCP). */
  uri(user: string): string {
    const t = this.transport.proto === 'udp' ? '' : `;transport=${this.transport.proto}`;
    return `sip:${user}@${this.hostport}${t}`;
  }

  receive(data: Buffer, info: ReceiveInfo): void {
    const msg = parseMessage(data, { stream: info.proto !== 'udp' });
    const r: Received = { msg, info, seq: sequence++, at: this.clock.now() };
    this.inbox.push(r);
    for (let i = 0; i < this.#waiters.length; i++) {
      const w = this.#waiters[i];
      if (w !== undefined && w.pred(r)) {
        this.#waiters.splice(i, 1);
        w.resolve(r);
        i--;
      }
    }
    this.auto?.(msg, info, this);
  }

  requests(method?: string): SipRequest[] {
    const out: SipRequest[] = [];
    for (const r of this.inbox) if (r.msg.kind === 'request' && (method === undefined || r.msg.method === method)) out.push(r.msg);
    return out;
  }

  responses(status?: number, method?: string): SipResponse[] {
    const out: SipResponse[] = [];
    for (const r of this.inbox) {
      if (r.msg.kind !== 'response') continue;
      if (status !== undefined && r.msg.status !== status) continue;
      if (method !== undefined && r.msg.cseq?.method !== method) continue;
      out.push(r.msg);
    }
    return out;
  }

  /** Statuses of every response received, in order. */
  statuses(method?: string): number[] {
    return this.responses(undefined, method).map((r) => r.status);
  }

  /** The first received message (already here or still to come) that satisfies `pred`. */
  async waitFor(pred: (r: Received) => boolean, timeoutMs = 3000): Promise<Received> {
    const have = this.inbox.find(pred);
    if (have !== undefined) return have;
    return new Promise<Received>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.hostport}: nothing matched within ${String(timeoutMs)} ms; got ${this.inbox.map((r) => (r.msg.kind === 'request' ? r.msg.method : String(r.msg.status))).join(', ')}`));
      }, timeoutMs);
      this.#waiters.push({
        pred,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        from: this.inbox.length,
      });
    });
  }

  waitForRequest(method: string, timeoutMs?: number): Promise<Received> {
    return this.waitFor((r) => r.msg.kind === 'request' && r.msg.method === method, timeoutMs);
  }

  waitForResponse(status: number, method?: string, timeoutMs?: number): Promise<Received> {
    return this.waitFor((r) => r.msg.kind === 'response' && r.msg.status === status && (method === undefined || r.msg.cseq?.method === method), timeoutMs);
  }

  /** Sends bytes or a message to an address (over this agent's transport protocol). */
  send(to: TransportAddress | DestInfo, data: Buffer | SipRequest | SipResponse): void {
    const dest: DestInfo = 'to' in to ? to : { proto: this.transport.proto, to };
    this.transport.send(dest, Buffer.isBuffer(data) ? data : serializeMessage(data));
  }

  /** A request from this agent, as bytes. */
  request(f: RequestFields): Buffer {
    const proto = this.transport.proto.toUpperCase();
    const lines = [
      `${f.method} ${f.uri} SIP/2.0`,
      `Via: SIP/2.0/${proto} ${f.viaHost ?? this.hostport};branch=${f.branch ?? newBranch()}${f.viaParams ?? ''}`,
      ...(f.maxForwards === null ? [] : [`Max-Forwards: ${String(f.maxForwards ?? 70)}`]),
      `From: ${f.from ?? `<sip:alice@${this.hostport}>`};tag=${f.fromTag}`,
      `To: ${f.to ?? `<${f.uri}>`}${f.toTag === undefined ? '' : `;tag=${f.toTag}`}`,
      `Call-ID: ${f.callId}`,
      `CSeq: ${String(f.cseq ?? 1)} ${f.cseqMethod ?? f.method}`,
      `Contact: <sip:alice@${this.hostport}${this.transport.proto === 'udp' ? '' : `;transport=${this.transport.proto}`}>`,
      ...(f.headers ?? []),
    ];
    const body = f.body ?? '';
    lines.push(`Content-Length: ${String(Buffer.byteLength(body))}`, '', body);
    return Buffer.from(lines.join('\r\n'), 'utf8');
  }

  /** Answers a received request over the connection or to the address it came from. */
  reply(req: SipRequest, info: ReceiveInfo, status: number, reason: string, options: { toTag?: string; headers?: readonly (readonly [string, string])[]; body?: string } = {}): SipResponse {
    const res = createResponse(req, status, reason, {
      ...(options.toTag === undefined ? {} : { toTag: options.toTag }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.body === undefined ? {} : { body: Buffer.from(options.body) }),
    });
    // Echo Record-Route like a UAS does (RFC 3261 §12.1.1).
    if (status > 100 && status < 300) for (const v of req.headerValues('Record-Route')) res.appendHeader('Record-Route', v);
    const dest: DestInfo = { proto: info.proto, to: info.src, listenerId: info.listenerId, ...(info.connectionId === undefined ? {} : { connectionId: info.connectionId }) };
    this.transport.send(dest, serializeMessage(res));
    return res;
  }
}

/** A UAS answer plan: what to send for each method. Tags are fixed per agent. */
export interface UasPlan {
  /** Responses to an INVITE, in order (e.g. [180, 200]); none means: wait. */
  readonly invite?: readonly number[];
  /** Answer CANCEL with 200 and the INVITE with 487 (default true). */
  readonly answerCancel?: boolean;
  /** Answer BYE and other non-INVITE requests with 200 (default true). */
  readonly answerOthers?: boolean;
}

const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  302: 'Moved Temporarily',
  401: 'Unauthorized',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  487: 'Request Terminated',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  600: 'Busy Everywhere',
  603: 'Decline',
};

export function reasonOf(status: number): string {
  return REASONS[status] ?? 'Whatever';
}

/** Makes `agent` a UAS that follows `plan`. */
export function actAsUas(agent: SipAgent, plan: UasPlan): void {
  const tag = newTag();
  const pendingInvites = new Map<string, { req: SipRequest; info: ReceiveInfo }>();
  agent.auto = (msg, info, a) => {
    if (msg.kind !== 'request') return;
    const key = msg.callId ?? '';
    switch (msg.method) {
      case 'INVITE': {
        if (a.requests('INVITE').filter((r) => r.topVia?.branch === msg.topVia?.branch).length > 1) return; // a retransmission
        pendingInvites.set(key, { req: msg, info });
        for (const status of plan.invite ?? []) {
          a.reply(msg, info, status, reasonOf(status), { toTag: tag });
          if (status >= 200) pendingInvites.delete(key);
        }
        return;
      }
      case 'ACK':
        return;
      case 'CANCEL': {
        if (plan.answerCancel === false) return;
        a.reply(msg, info, 200, 'OK', { toTag: tag });
        const inv = pendingInvites.get(key);
        if (inv !== undefined) {
          pendingInvites.delete(key);
          a.reply(inv.req, inv.info, 487, 'Request Terminated', { toTag: tag });
        }
        return;
      }
      default:
        if (plan.answerOthers !== false) a.reply(msg, info, 200, 'OK', { toTag: tag });
    }
  };
}
