/** Transport protocols a SIP message travels over (Kamailio `proto`). */
export type Proto = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** One end of a transport flow. */
export interface TransportAddress {
  readonly address: string;
  readonly port: number;
  readonly family: 'IPv4' | 'IPv6';
}

/**
 * How a message arrived (Kamailio `receive_info`): what upper layers see beside the parsed
 * message. `src` is `$si:$sp`, `dst` is `$Ri:$Rp`.
 */
export interface ReceiveInfo {
  readonly proto: Proto;
  readonly src: TransportAddress;
  readonly dst: TransportAddress;
  /** The listening socket that received it. */
  readonly listenerId: string;
  /** For connection-oriented transports: the connection, to send replies back on it. */
  readonly connectionId?: string;
}

/**
 * Where to send a message (Kamailio `dest_info`). With `listenerId` the message leaves from
 * that socket; with `connectionId` it reuses that connection when it is still open.
 */
export interface DestInfo {
  readonly proto: Proto;
  readonly to: TransportAddress;
  readonly listenerId?: string;
  readonly connectionId?: string;
}
