/**
 * permissions (the address table part, `load_backends` 1): the `address` table is read into
 * memory at start; `allow_source_address([group])` is 1 when the message's source IP is in an
 * entry of the group (default 1) — exactly, or inside `ip_addr/mask` (mask 0 or above the
 * address size: one host) — and the entry's port is 0 or the source port; -1 otherwise.
 * An unreachable database stops the start, as in Kamailio.
 */
import net from 'node:net';
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import { listAddresses, type AddressRow } from '../../db/repos/address.js';
import type { ModuleDefinition } from '../module-api.js';

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
    return {
      functions,
      async init() {
        if (shared === null) return;
        rows = await listAddresses(await shared.open());
      },
      stop: () => shared?.close(),
    };
  },
};
