/**
 * The values an RPC call carries, independent of the wire protocol.
 *
 * Replies are plain JSON-like data. Parameters may additionally be an {@link RpcDouble}: BINRPC
 * distinguishes INT and DOUBLE records (`ul.add` wants its q as a DOUBLE, so `1.0` must not
 * travel as the INT 1), while a JavaScript number cannot say whether it was written `1` or `1.0`.
 */
export type RpcScalar = string | number | boolean | null;

/**
 * Member order is kept, except that JavaScript objects list integer-like names first: Kamailio's
 * `sl.stats` sends "200", "202", "2xx", "300"…, an RpcStruct lists "200", "202", "300"…, "2xx".
 */
export interface RpcStruct {
  readonly [name: string]: RpcValue;
}

export type RpcValue = RpcScalar | readonly RpcValue[] | RpcStruct;

/** A number that must travel as a BINRPC DOUBLE record (JSON-RPC sends it as a plain number). */
export class RpcDouble {
  readonly value: number;
  readonly #brand = 'double';

  constructor(value: number) {
    this.value = value;
  }

  toJSON(): number {
    return this.value;
  }

  toString(): string {
    return `${this.#brand}(${this.value})`;
  }
}

/** A call parameter: any value, or a number forced to be a double. */
export type RpcParam = RpcValue | RpcDouble;

export function isRpcArray(value: RpcValue): value is readonly RpcValue[] {
  return Array.isArray(value);
}

export function isRpcStruct(value: RpcValue): value is RpcStruct {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A reply member that Kamailio builds as an array: JSON-RPC shows an array, BINRPC a struct of
 * (possibly duplicate) named members, which reads back as an object when there is only one
 * entry (`Contacts: {Contact: {…}}`). Normalises both to a list of entries.
 */
export function asList(value: RpcValue | undefined): readonly RpcValue[] {
  if (value === undefined) return [];
  if (isRpcArray(value)) return value;
  if (isRpcStruct(value)) {
    const names = Object.keys(value);
    if (names.length === 0) return [];
    return names.map((name) => ({ [name]: value[name] ?? null }));
  }
  return [value];
}
