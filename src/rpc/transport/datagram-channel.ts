/** A datagram socket bound for replies from one server address. */
export interface DatagramChannel {
  /** Sends one datagram to the server. Rejects with E_RPC_CONNECT when the server is unreachable. */
  send(datagram: Buffer): Promise<void>;
  /** Registers the handlers for incoming datagrams and asynchronous socket errors. */
  listen(onMessage: (datagram: Buffer) => void, onError: (error: Error) => void): void;
  close(): Promise<void>;
}

/** Datagram payloads are limited to 65535 bytes by the ctl and jsonrpcs modules. */
export const MAX_DATAGRAM_BYTES = 65535;
