/** Tables of the Kamailio `standard` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const standard: SchemaModule = {
  name: 'standard',
  group: 'standard',
  tables: [
    {
      name: 'version',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'table_name', type: 'string', length: 32 },
        { name: 'table_version', type: 'int', unsigned: true, default: '0' },
      ],
      unique: [
        { name: 'table_name_idx', columns: ['table_name'] },
      ],
      indexes: [],
    },
  ],
};
