import type { DestInfo, Proto, ReceiveInfo } from '../transport-types.js';
import type { Listener } from './listen.js';

/**
 * Where a transport hands what it received: one whole SIP message (a datagram, or one message
 * framed from a stream) with how it arrived. The bytes are not parsed yet; the receiver parses
 * them (`parseMessage(data, { stream: isReliable(info.proto) })`).
 */
export interface TransportSink {
  receive(data: Buffer, info: ReceiveInfo): void;
}

/**
 * Told when a send failed after `send` returned (connection refused or reset, no route, write
 * queue full …). Client transactions pass themselves, so no closure is made per message.
 * Always called asynchronously, never from inside `send`.
 */
export interface SendErrorSink {
  onSendError(err: Error, dest: DestInfo): void;
}

/**
 * One listening socket and what it can reach (Kamailio `socket_info`). UDP, TCP and the
 * in-process loopback implement it now; TLS and WebSocket later implement the same interface:
 * a stream transport with its own framing (`reliable`, connections named by `connectionId`).
 */
export interface Transport {
  /** The listener id (`udp:127.0.0.1:5060`); `ReceiveInfo.listenerId` and `DestInfo.listenerId`. */
  readonly id: string;
  readonly proto: Proto;
  /** Reliable transports need no SIP retransmissions; Timers D, I, J and K are 0 on them. */
  readonly reliable: boolean;
  /** The socket as declared and, once started, as bound (port 0 replaced by the real port). */
  readonly listener: Listener;
  /** Binds or listens; from then on every received message goes to `sink`. */
  start(sink: TransportSink): Promise<void>;
  /**
   * Sends one whole message. Never throws for network conditions: failures that are known
   * at once or later are reported to `errors` (asynchronously) or, without it, counted.
   */
  send(dest: DestInfo, data: Buffer, errors?: SendErrorSink): void;
  /** Stops receiving, closes connections and the socket. Safe to call twice. */
  close(): Promise<void>;
}

/** Why a transport could not send, when it was not an operating-system error. */
export type TransportFailure =
  | 'no-transport'
  | 'wrong-family'
  | 'connection-limit'
  | 'connection-closed'
  | 'connect-timeout'
  | 'write-queue-full'
  | 'not-started'
  | 'unreachable';

/**
 * A send failure decided by the transport itself (limits, closed connections, no socket for
 * the destination). Operating-system failures arrive as Node's own errors (`ECONNREFUSED` …).
 * Either way the transaction layer treats the branch as answered 503 (RFC 3261 §18.4, §16.7).
 */
export class TransportError extends Error {
  readonly failure: TransportFailure;

  constructor(failure: TransportFailure, message: string) {
    super(message);
    this.name = 'TransportError';
    this.failure = failure;
  }
}

/** Whether a protocol is connection-oriented: framing by Content-Length, no retransmissions. */
export function isReliable(proto: Proto): boolean {
  return proto !== 'udp';
}

/** Reports a send failure on the next turn, so `send` never calls back into its caller. */
export function reportSendError(errors: SendErrorSink | undefined, err: Error, dest: DestInfo): void {
  if (errors === undefined) return;
  process.nextTick(notifySendError, errors, err, dest);
}

function notifySendError(errors: SendErrorSink, err: Error, dest: DestInfo): void {
  errors.onSendError(err, dest);
}
