import { randomBytes } from 'node:crypto';

/**
 * A fresh, unguessable file name for a reply FIFO or reply socket. No dots: jsonrpcs refuses a
 * `reply_name` containing `.`, `/` or `\`.
 */
export function replyName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(8).toString('hex')}`;
}
