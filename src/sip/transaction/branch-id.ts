import { randomBytes } from 'node:crypto';

/** RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this cookie. */
export const MAGIC_COOKIE = 'z9hG4bK';

const POOL_BYTES = 4096;
const BRANCH_RANDOM_BYTES = 8;

/**
 * Random branch ids from `crypto.randomBytes`, drawn from a refilled pool so that one call
 * per 512 branches reaches the CSPRNG.
 */
export class BranchIdSource {
  #pool: Buffer = randomBytes(POOL_BYTES);
  #offset = 0;

  /** `z9hG4bK` + 16 hex digits (64 random bits). */
  next(): string {
    if (this.#offset + BRANCH_RANDOM_BYTES > POOL_BYTES) {
      this.#pool = randomBytes(POOL_BYTES);
      this.#offset = 0;
    }
    const s = this.#pool.toString('hex', this.#offset, this.#offset + BRANCH_RANDOM_BYTES);
    this.#offset += BRANCH_RANDOM_BYTES;
    return MAGIC_COOKIE + s;
  }

  /** Hex digits for tags and the like (`bytes` random bytes, at most 64). */
  hex(bytes: number): string {
    if (this.#offset + bytes > POOL_BYTES) {
      this.#pool = randomBytes(POOL_BYTES);
      this.#offset = 0;
    }
    const s = this.#pool.toString('hex', this.#offset, this.#offset + bytes);
    this.#offset += bytes;
    return s;
  }
}

/** Whether a branch was made by an RFC 3261 element (starts with the magic cookie). */
export function isRfc3261Branch(branch: string | null): branch is string {
  return branch !== null && branch.startsWith(MAGIC_COOKIE);
}
