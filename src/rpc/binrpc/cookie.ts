import { randomInt } from 'node:crypto';

/** Cookies start at a random 31-bit value (as kamcmd's rand()) and count up, wrapping at 2^32. */
export class CookieSequence {
  #next = randomInt(1, 0x7fffffff);

  next(): number {
    const cookie = this.#next;
    this.#next = (this.#next + 1) % 0x100000000;
    return cookie;
  }
}
