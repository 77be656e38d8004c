import { isRpcArray, RpcDouble, type RpcParam, type RpcValue } from '../rpc-value.js';
import type { BinrpcRecord } from './record.js';

/** What Kamailio's BINRPC writer sends for a NULL string. */
export const NULL_STRING = '<null string>';

/**
 * A reply record as a plain value. Structs become objects when every member is named and the
 * names are distinct; otherwise (Kamailio's arrays sent as structs, or `struct_add` into an
 * array, which repeats names) they become arrays, a named member turning into a one-key
 * object — the same shape JSON-RPC gives (`AoRs: [{"AoR": "bob"}, {"AoR": "alice"}]`).
 * BYTES records become UTF-8 strings.
 */
export function recordToValue(record: BinrpcRecord): RpcValue {
  switch (record.type) {
    case 'int':
    case 'str':
    case 'double':
      return record.value;
    case 'bytes':
      return Buffer.from(record.value).toString('utf8');
    case 'array':
      return record.items.map(memberToValue);
    case 'struct': {
      const names = new Set<string>();
      let asObject = true;
      for (const item of record.items) {
        if (item.name === undefined || names.has(item.name)) {
          asObject = false;
          break;
        }
        names.add(item.name);
      }
      if (!asObject) return record.items.map(memberToValue);
      const out: Record<string, RpcValue> = {};
      for (const item of record.items) if (item.name !== undefined) out[item.name] = recordToValue(item);
      return out;
    }
  }
}

function memberToValue(item: BinrpcRecord): RpcValue {
  return item.name === undefined ? recordToValue(item) : { [item.name]: recordToValue(item) };
}

/**
 * The result of a whole reply. BINRPC sends every top-level value in order, JSON-RPC shows an
 * array for RET_ARRAY methods and otherwise only the last value. Without knowing the method we
 * map: no record → `{}` (what JSON-RPC shows for a method that added nothing), one record → its
 * value, several → the array of their values. Callers that know the method returns a list ask
 * for `'list'`, which always gives the array.
 */
export function recordsToResult(records: readonly BinrpcRecord[], shape: 'value' | 'list' = 'value'): RpcValue {
  const values = records.map(recordToValue);
  if (shape === 'list') return values;
  if (values.length === 0) return {};
  if (values.length === 1) return values[0] ?? null;
  return values;
}

/**
 * A value as a record. Integers in the 32-bit range (signed or unsigned, as Kamailio's `d` and
 * `u` read them) are INT, other numbers and {@link RpcDouble}s DOUBLE, booleans INT 0/1, null
 * the "<null string>" Kamailio writes for NULL, arrays structs of unnamed members (Kamailio
 * never sends type 4), objects structs of named members.
 */
export function valueToRecord(value: RpcParam, name?: string): BinrpcRecord {
  const record = bareRecord(value);
  return name === undefined ? record : { ...record, name };
}

function bareRecord(value: RpcParam): BinrpcRecord {
  if (value instanceof RpcDouble) return { type: 'double', value: value.value };
  if (value === null) return { type: 'str', value: NULL_STRING };
  if (typeof value === 'string') return { type: 'str', value };
  if (typeof value === 'boolean') return { type: 'int', value: value ? 1 : 0 };
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= -0x80000000 && value <= 0xffffffff ? { type: 'int', value } : { type: 'double', value };
  }
  if (isRpcArray(value)) return { type: 'struct', items: value.map((item) => valueToRecord(item)) };
  return { type: 'struct', items: Object.entries(value).map(([key, item]) => valueToRecord(item, key)) };
}
