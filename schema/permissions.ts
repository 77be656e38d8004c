/** Tables of the Kamailio `permissions` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const permissions: SchemaModule = {
  name: 'permissions',
  group: 'standard',
  tables: [
    {
      name: 'trusted',
      version: 6,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'src_ip', type: 'string', length: 50 },
        { name: 'proto', type: 'string', length: 4 },
        { name: 'from_pattern', type: 'string', length: 64, nullable: true, default: null },
        { name: 'ruri_pattern', type: 'string', length: 64, nullable: true, default: null },
        { name: 'tag', type: 'string', length: 64, nullable: true },
        { name: 'priority', type: 'int', default: '0' },
      ],
      unique: [],
      indexes: [
        { name: 'peer_idx', columns: ['src_ip'] },
      ],
    },
    {
      name: 'address',
      version: 6,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'grp', type: 'int', unsigned: true, width: 11, default: '1' },
        { name: 'ip_addr', type: 'string', length: 50 },
        { name: 'mask', type: 'int', default: '32' },
        { name: 'port', type: 'short', unsigned: true, default: '0' },
        { name: 'tag', type: 'string', length: 64, nullable: true },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
