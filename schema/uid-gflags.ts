/** Tables of the Kamailio `uid_gflags` schema module (uid group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const uidGflags: SchemaModule = {
  name: 'uid_gflags',
  group: 'uid',
  tables: [
    {
      name: 'uid_global_attrs',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'name', type: 'string', length: 32 },
        { name: 'type', type: 'int', default: '0' },
        { name: 'value', type: 'string', length: 128, nullable: true },
        { name: 'flags', type: 'int', unsigned: true, default: '0' },
      ],
      unique: [
        { name: 'global_attrs_idx', columns: ['name', 'value'] },
      ],
      indexes: [],
    },
  ],
};
