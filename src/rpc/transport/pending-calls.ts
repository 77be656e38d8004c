import { AppError } from '../../errors.js';

interface Waiter<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Calls in flight, keyed by BINRPC cookie or JSON-RPC id. Each has its own deadline; a reply
 * that arrives after it finds no waiter and is dropped.
 */
export class PendingCalls<K, T> {
  readonly #waiters = new Map<K, Waiter<T>>();

  get size(): number {
    return this.#waiters.size;
  }

  has(key: K): boolean {
    return this.#waiters.has(key);
  }

  wait(key: K, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(key);
        reject(new AppError('E_RPC_TIMEOUT', `${describe()}: no reply within ${timeoutMs} ms`));
      }, Math.max(0, timeoutMs));
      this.#waiters.set(key, { resolve, reject, timer });
    });
  }

  settle(key: K, value: T): boolean {
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) return false;
    this.#waiters.delete(key);
    clearTimeout(waiter.timer);
    waiter.resolve(value);
    return true;
  }

  fail(key: K, error: Error): void {
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) return;
    this.#waiters.delete(key);
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }

  failAll(error: Error): void {
    for (const key of [...this.#waiters.keys()]) this.fail(key, error);
  }
}

/** Milliseconds left until `deadline` (from Date.now()), at least 0. */
export function remaining(deadline: number): number {
  return Math.max(0, deadline - Date.now());
}

/** Races a promise against a deadline; on expiry runs `onTimeout` and rejects with E_RPC_TIMEOUT. */
export async function withDeadline<T>(promise: Promise<T>, deadline: number, describe: () => string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const ms = remaining(deadline);
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new AppError('E_RPC_TIMEOUT', `${describe()}: no reply within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short text for a Node system error: "ENOENT: no such file or directory". */
export function errnoText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
