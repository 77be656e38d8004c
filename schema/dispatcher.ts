/** Tables of the Kamailio `dispatcher` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const dispatcher: SchemaModule = {
  name: 'dispatcher',
  group: 'standard',
  tables: [
    {
      name: 'dispatcher',
      version: 4,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'setid', type: 'int', default: '0' },
        { name: 'destination', type: 'string', length: 192, default: '' },
        { name: 'flags', type: 'int', default: '0' },
        { name: 'priority', type: 'int', default: '0' },
        { name: 'attrs', type: 'string', length: 128, default: '' },
        { name: 'description', type: 'string', length: 64, default: '' },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
