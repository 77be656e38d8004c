/**
 * kamctl's `address reload|dump` and `trusted reload|dump` over the permissions module's RPC
 * methods. `address dump` joins `permissions.addressDump` (single addresses) and
 * `permissions.subnetDump` (networks), as kamctl prints both.
 */
import { isRpcArray, isRpcStruct, type RpcValue } from '../rpc/rpc-value.js';
import { table } from '../cli/render.js';
import { listOf, optNumber, optString, str, structOf } from './reply-fields.js';
import { messageOf, type MessageResult } from './dispatcher.js';
import type { RpcCaller } from './rpc-caller.js';

export interface AddressEntry {
  readonly group: number;
  readonly ip: string;
  /** Prefix length; 32 (or 128) for a single address. */
  readonly mask: number;
  /** 0: any port. */
  readonly port: number;
  readonly tag: string | null;
}

export interface AddressDumpResult {
  readonly addresses: readonly AddressEntry[];
}

function tagOf(value: RpcValue | undefined): string | null {
  const t = optString(value);
  return t === null || t === 'NULL' ? null : t;
}

function addressEntries(method: string, reply: RpcValue, subnet: boolean): AddressEntry[] {
  return listOf(reply).map((entry) => {
    const e = structOf(method, entry, 'an entry');
    const item = structOf(method, e['item'], 'item');
    const ip = str(method, item['ip'], 'item.ip');
    return {
      group: optNumber(e['group']) ?? 0,
      ip,
      mask: subnet ? (optNumber(item['mask']) ?? 0) : ip.includes(':') ? 128 : 32,
      port: optNumber(item['port']) ?? 0,
      tag: tagOf(item['tag']),
    };
  });
}

export async function addressDump(rpc: RpcCaller): Promise<AddressDumpResult> {
  const single = addressEntries('permissions.addressDump', await rpc.call('permissions.addressDump', [], { returns: 'list' }), false);
  const subnets = addressEntries('permissions.subnetDump', await rpc.call('permissions.subnetDump', [], { returns: 'list' }), true);
  return { addresses: [...single, ...subnets].sort((a, b) => a.group - b.group) };
}

export async function addressReload(rpc: RpcCaller): Promise<MessageResult> {
  return { message: messageOf(await rpc.call('permissions.addressReload', [])) };
}

export function renderAddressDump(r: AddressDumpResult): string {
  if (r.addresses.length === 0) return 'no addresses loaded';
  return table(['group', 'address', 'port', 'tag'], r.addresses.map((a) => [a.group, `${a.ip}/${String(a.mask)}`, a.port === 0 ? 'any' : a.port, a.tag ?? '']));
}

/** One row of the trusted cache: the members Kamailio sends (ip, proto, pattern, ruri_pattern, tag, priority …). */
export type TrustedEntry = Readonly<Record<string, string | number | null>>;

export interface TrustedDumpResult {
  readonly entries: readonly TrustedEntry[];
}

/** A struct's scalars, with nested structs' scalars lifted up (`{table, item: {ip …}}` → `{table, ip …}`). */
function flatRow(value: RpcValue): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const walk = (v: RpcValue): void => {
    if (isRpcStruct(v)) {
      for (const [key, member] of Object.entries(v)) {
        if (member !== null && typeof member === 'object') walk(member);
        else out[key] = typeof member === 'number' ? member : optString(member);
      }
    } else if (isRpcArray(v)) {
      for (const member of v) walk(member);
    }
  };
  walk(value);
  return out;
}

export function parseTrustedDump(reply: RpcValue): TrustedEntry[] {
  return listOf(reply)
    .map(flatRow)
    .filter((row) => Object.keys(row).length > 0);
}

export async function trustedDump(rpc: RpcCaller): Promise<TrustedDumpResult> {
  return { entries: parseTrustedDump(await rpc.call('permissions.trustedDump', [], { returns: 'list' })) };
}

export async function trustedReload(rpc: RpcCaller): Promise<MessageResult> {
  return { message: messageOf(await rpc.call('permissions.trustedReload', [])) };
}

export function renderTrustedDump(r: TrustedDumpResult): string {
  if (r.entries.length === 0) return 'no trusted entries loaded';
  const head = [...new Set(r.entries.flatMap((e) => Object.keys(e)))];
  return table(head, r.entries.map((e) => head.map((h) => e[h] ?? '')));
}
