/** Tables of the Kamailio `pipelimit` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const pipelimit: SchemaModule = {
  name: 'pipelimit',
  group: 'extra',
  tables: [
    {
      name: 'pl_pipes',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'pipeid', type: 'string', length: 64, default: '' },
        { name: 'algorithm', type: 'string', length: 32, default: '' },
        { name: 'plimit', type: 'int', default: '0' },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
