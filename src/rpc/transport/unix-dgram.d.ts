// Types for the parts of the `unix-dgram` package (plain JavaScript) that we use.
declare module 'unix-dgram' {
  import type { EventEmitter } from 'node:events';

  export interface UnixDgramSocket extends EventEmitter {
    bind(path: string): void;
    send(buf: Buffer, offset: number, length: number, path: string, callback?: (error?: Error) => void): void;
    close(): void;
    on(event: 'message', listener: (buf: Buffer, rinfo: { size: number; path?: string }) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'listening' | 'writable', listener: () => void): this;
    on(event: 'congestion', listener: (buf: Buffer) => void): this;
  }

  export function createSocket(type: 'unix_dgram', listener?: (buf: Buffer) => void): UnixDgramSocket;

  const unixDgram: { createSocket: typeof createSocket };
  export default unixDgram;
}
