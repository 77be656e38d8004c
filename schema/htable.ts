/** Tables of the Kamailio `htable` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const htable: SchemaModule = {
  name: 'htable',
  group: 'extra',
  tables: [
    {
      name: 'htable',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'key_name', type: 'string', length: 64, default: '' },
        { name: 'key_type', type: 'int', default: '0' },
        { name: 'value_type', type: 'int', default: '0' },
        { name: 'key_value', type: 'string', length: 128, default: '' },
        { name: 'expires', type: 'int', default: '0' },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
