/** Tables of the Kamailio `domain` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const domain: SchemaModule = {
  name: 'domain',
  group: 'standard',
  tables: [
    {
      name: 'domain',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'domain', type: 'string', length: 64 },
        { name: 'did', type: 'string', length: 64, nullable: true, default: null },
        { name: 'last_modified', type: 'datetime', default: '2000-01-01 00:00:01' },
      ],
      unique: [
        { name: 'domain_idx', columns: ['domain'] },
      ],
      indexes: [],
    },
    {
      name: 'domain_attrs',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'did', type: 'string', length: 64 },
        { name: 'name', type: 'string', length: 32 },
        { name: 'type', type: 'int', unsigned: true },
        { name: 'value', type: 'string', length: 255 },
        { name: 'last_modified', type: 'datetime', default: '2000-01-01 00:00:01' },
      ],
      unique: [],
      indexes: [
        { name: 'domain_attrs_idx', columns: ['did', 'name'] },
      ],
    },
  ],
};
