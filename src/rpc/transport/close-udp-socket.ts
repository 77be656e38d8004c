import type dgram from 'node:dgram';

/** Closes a UDP socket; resolves once it is closed, or at once when it was closed already. */
export function closeUdpSocket(socket: dgram.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    try {
      socket.close(() => {
        resolve();
      });
    } catch {
      resolve();
    }
  });
}
