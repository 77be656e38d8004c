/** What every transport client is built from (the factory in client.ts fills it in). */
export interface ClientBaseOptions {
  /** Canonical URL, used in messages. */
  readonly name: string;
  readonly timeoutMs: number;
  readonly maxReplyBytes?: number | undefined;
}
