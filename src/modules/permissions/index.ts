/**
 * permissions (the address table part, `load_backends` 1): the `address` table is read into
 * memory at start; `allow_source_address([group])` is 1 when the message's source IP is in an
 * entry of the group (default 1) — exactly, or inside `ip_addr/mask` (mask 0 or above the
 * address size: one host) — and the entry's port is 0 or the source port; -1 otherwise.
 * An unreachable database stops the start, as in Kamailio. RPC: permissions.addressReload
 * (reads the table again; the old one stays on failure), permissions.addressDump (single
 * hosts) and permissions.subnetDump (networks), with Kamailio 5.6's reply shapes.
 */
import net from 'node:net';
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import { listAddresses, type AddressRow } from '../../db/repos/address.js';
import { describeDb } from '../../db/settings.js';
import type { RpcMethod } from '../../rpc/rpc-method.js';
import type { RpcStruct } from '../../rpc/rpc-value.js';
import type { ModuleDefinition } from '../module-api.js';

/** Slots of Kamailio's address hash table; permissions.addressDump shows each host's slot as `table`. */
const ADDRESS_HASH_SLOTS = 128;

/** The address as bytes (4 or 16), or null when it is not an IP address. */
function ipBytes(ip: string): number[] | null {
  if (net.isIPv4(ip)) return ip.split('.').map(Number);
  if (!net.isIPv6(ip) || ip.includes('.')) return null;
  const [head = '', tail] = ip.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * The slot of a host in Kamailio's address hash: the address bytes summed as 32-bit words
 * (each word w added as w XOR w>>3), the sum h folded as h + h>>11 + h>>13 + h>>23, modulo
 * the slot count. Checked against Kamailio 5.6's dump (127.0.0.1 → 98, 127.0.0.2 → 99).
 */
export function addressSlot(ip: string): number {
  const bytes = ipBytes(ip) ?? [];
  let h = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const w = (((bytes[i] ?? 0) << 24) | ((bytes[i + 1] ?? 0) << 16) | ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0)) >>> 0;
    h = (h + ((w ^ (w >>> 3)) >>> 0)) >>> 0;
  }
  h = (h + (h >>> 11) + (h >>> 13) + (h >>> 23)) >>> 0;
  return h % ADDRESS_HASH_SLOTS;
}

/** Whether the row is one host (mask 0 or at least the address size) rather than a network. */
function isHost(row: AddressRow): boolean {
  const bits = net.isIPv6(row.ip_addr) ? 128 : 32;
  return row.mask <= 0 || row.mask >= bits;
}

/** The tag as Kamailio shows it: "NULL" when there is none. */
const tagOf = (row: AddressRow): string => (row.tag === null || row.tag === '' ? 'NULL' : row.tag);

/** permissions.addressDump: the hosts in hash-slot order, `{table, group, item: {ip, port, tag}}`. */
export function addressDump(rows: readonly AddressRow[]): RpcStruct[] {
  return rows
    .filter(isHost)
    .map((r) => ({ slot: addressSlot(r.ip_addr), r }))
    .sort((a, b) => a.slot - b.slot)
    .map(({ slot, r }) => ({ table: slot, group: r.grp, item: { ip: r.ip_addr, port: r.port, tag: tagOf(r) } }));
}

/** permissions.subnetDump: the networks by group, `{id, group, item: {ip, mask, port, tag}}`. */
export function subnetDump(rows: readonly AddressRow[]): RpcStruct[] {
  return rows
    .filter((r) => !isHost(r))
    .sort((a, b) => a.grp - b.grp)
    .map((r, id) => ({ id, group: r.grp, item: { ip: r.ip_addr, mask: r.mask, port: r.port, tag: tagOf(r) } }));
}

/** Whether `ip`:`port` is covered by the address-table row. */
export function addressMatches(row: Pick<AddressRow, 'ip_addr' | 'mask' | 'port'>, ip: string, port: number): boolean {
  if (row.port !== 0 && row.port !== port) return false;
  const family = net.isIPv4(row.ip_addr) ? 'ipv4' : net.isIPv6(row.ip_addr) ? 'ipv6' : null;
  if (family === null || net.isIP(ip) === 0) return false;
  const bits = family === 'ipv4' ? 32 : 128;
  const list = new net.BlockList();
  list.addSubnet(row.ip_addr, row.mask <= 0 || row.mask > bits ? bits : row.mask, family);
  return list.check(ip, net.isIPv4(ip) ? 'ipv4' : 'ipv6');
}

export const permissionsModule: ModuleDefinition = {
  name: 'permissions',
  doc: 'source address checks against the address table',
  params: {
    db_url: { type: 'str', default: null, doc: 'database URL of the address table' },
    load_backends: { type: 'int', default: 0xffff, doc: 'which tables to load (only 1, the address table, is supported)' },
    address_table: { type: 'str', default: 'address', doc: 'accepted; the table is address' },
  },
  create(mod) {
    const url = mod.params.str('db_url');
    let shared: SharedDb | null = null;
    if (url !== null && url !== '') {
      try {
        shared = new SharedDb('permissions', url);
      } catch (e) {
        throw new FixupError(e instanceof Error ? e.message : String(e));
      }
    }
    let rows: readonly AddressRow[] = [];
    const functions: ScriptFunction[] = [
      {
        name: 'allow_source_address',
        args: ['int-pv'],
        minArgs: 0,
        fixup(args) {
          const group = args.has(0) ? args.intArg(0) : null;
          return (ctx) => {
            const grp = group === null ? 1 : group.eval(ctx);
            const { address, port } = ctx.rcv.src;
            return rows.some((r) => r.grp === grp && addressMatches(r, address, port)) ? 1 : -1;
          };
        },
      },
    ];
    const rpc: RpcMethod[] = [
      {
        name: 'permissions.addressReload',
        doc: 'Reload the address table from the database.',
        async handler(ctx) {
          if (shared === null) throw ctx.fault(500, 'Reload failed.');
          try {
            rows = await listAddresses(await shared.open());
          } catch (e) {
            mod.logger.log(-1, `cannot reload the address table (${describeDb(shared.settings)}): ${e instanceof Error ? e.message : String(e)}`);
            throw ctx.fault(500, 'Reload failed.');
          }
          return 'Reload OK';
        },
      },
      { name: 'permissions.addressDump', doc: 'Print the single addresses of the address table.', returns: 'list', handler: () => addressDump(rows) },
      { name: 'permissions.subnetDump', doc: 'Print the networks of the address table.', returns: 'list', handler: () => subnetDump(rows) },
    ];
    return {
      functions,
      rpc,
      async init() {
        if (shared === null) return;
        rows = await listAddresses(await shared.open());
      },
      stop: () => shared?.close(),
    };
  },
};
