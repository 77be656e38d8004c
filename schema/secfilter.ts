/** Tables of the Kamailio `secfilter` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const secfilter: SchemaModule = {
  name: 'secfilter',
  group: 'extra',
  tables: [
    {
      name: 'secfilter',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'action', type: 'short', default: '0' },
        { name: 'type', type: 'short', default: '0' },
        { name: 'data', type: 'string', length: 64, default: '' },
      ],
      unique: [],
      indexes: [
        { name: 'secfilter_idx', columns: ['action', 'type', 'data'] },
      ],
    },
  ],
};
