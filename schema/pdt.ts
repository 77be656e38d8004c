/** Tables of the Kamailio `pdt` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const pdt: SchemaModule = {
  name: 'pdt',
  group: 'standard',
  tables: [
    {
      name: 'pdt',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'sdomain', type: 'string', length: 255 },
        { name: 'prefix', type: 'string', length: 32 },
        { name: 'domain', type: 'string', length: 255, default: '' },
      ],
      unique: [
        { name: 'sdomain_prefix_idx', columns: ['sdomain', 'prefix'] },
      ],
      indexes: [],
    },
  ],
};
