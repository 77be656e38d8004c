/**
 * A microsecond-resolution latency probe that runs next to SIPp's load: a trickle of
 * in-dialog-looking OPTIONS (with a To tag) from our own UDP socket, each timed from send to
 * response with performance.now(). SIPp's own response times come in whole milliseconds
 * (4 ms steps here), too coarse for a server that answers in well under a millisecond.
 *
 * The cfg files answer these statelessly: S1 with 200 (any OPTIONS), S4 with 404 (a request
 * with a To tag and no Route that is not an ACK). So in S4 the probe measures how long a
 * message waits in the server's queues and stateless path under the call load, not the
 * relay of an INVITE.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';

export interface ProbeResult {
  readonly sent: number;
  readonly answered: number;
  /** Round-trip times in µs, sorted ascending. */
  readonly sortedUs: Float64Array;
}

export class LatencyProbe {
  readonly #socket = dgram.createSocket('udp4');
  readonly #pending = new Map<string, number>();
  readonly #rtts: number[] = [];
  readonly #tag = randomBytes(6).toString('hex');
  #timer: NodeJS.Timeout | undefined;
  #sent = 0;
  #localPort = 0;

  constructor(
    private readonly target: { readonly host: string; readonly port: number },
    private readonly perSecond: number,
  ) {}

  async start(): Promise<void> {
    this.#socket.on('message', (msg) => {
      this.#onMessage(msg);
    });
    await new Promise<void>((resolve, reject) => {
      this.#socket.once('error', reject);
      this.#socket.bind(0, '127.0.0.1', () => {
        this.#socket.off('error', reject);
        resolve();
      });
    });
    this.#socket.on('error', () => undefined);
    this.#localPort = this.#socket.address().port;
    const everyMs = Math.max(1, Math.round(1000 / this.perSecond));
    this.#timer = setInterval(() => {
      this.#send();
    }, everyMs);
  }

  /** Stops sending, waits `drainMs` for late answers, closes the socket. */
  async stop(drainMs = 500): Promise<ProbeResult> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await new Promise((r) => setTimeout(r, drainMs));
    this.#socket.close();
    const sortedUs = Float64Array.from(this.#rtts).sort();
    return { sent: this.#sent, answered: this.#rtts.length, sortedUs };
  }

  #send(): void {
    const n = ++this.#sent;
    const callId = `probe-${this.#tag}-${String(n)}`;
    const branch = `z9hG4bK${this.#tag}p${String(n)}`;
    const { host, port } = this.target;
    const local = `127.0.0.1:${String(this.#localPort)}`;
    const text =
      `OPTIONS sip:probe@${host}:${String(port)} SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP ${local};branch=${branch}\r\n` +
      'Max-Forwards: 70\r\n' +
      `From: <sip:probe@${local}>;tag=${this.#tag}\r\n` +
      `To: <sip:probe@${host}:${String(port)}>;tag=probe\r\n` +
      `Call-ID: ${callId}\r\n` +
      'CSeq: 1 OPTIONS\r\n' +
      'Content-Length: 0\r\n\r\n';
    this.#pending.set(callId, performance.now());
    this.#socket.send(text, port, host);
  }

  #onMessage(msg: Buffer): void {
    const now = performance.now();
    const text = msg.toString('latin1');
    const m = /^(?:Call-ID|i)[ \t]*:[ \t]*(\S+)/im.exec(text);
    const callId = m?.[1];
    if (callId === undefined) return;
    const sentAt = this.#pending.get(callId);
    if (sentAt === undefined) return;
    this.#pending.delete(callId);
    this.#rtts.push((now - sentAt) * 1000);
  }
}
