/** Turning the server's faults that mean "no such thing" into E_NOT_FOUND with our own words. */
import { AppError } from '../errors.js';
import { RpcFaultError } from '../rpc/rpc-fault.js';

/**
 * Runs `fn`; a fault whose text matches `pattern` becomes E_NOT_FOUND with `message`, keeping the
 * server's words in brackets. Other errors pass through.
 */
export async function faultAsNotFound<T>(fn: () => Promise<T>, pattern: RegExp, message: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof RpcFaultError && pattern.test(error.faultMessage)) {
      throw new AppError('E_NOT_FOUND', `${message} (server: ${String(error.faultCode)} ${error.faultMessage})`, { cause: error });
    }
    throw error;
  }
}
