/**
 * The slice of a pino logger the RPC servers use; the daemon passes `logger.child({ name: 'ctl' })`.
 * Log lines carry method names, transports and error texts, never call parameters or reply data.
 */
export interface RpcServerLogger {
  debug(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: RpcServerLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
