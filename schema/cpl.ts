/** Tables of the Kamailio `cpl` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const cpl: SchemaModule = {
  name: 'cpl',
  group: 'extra',
  tables: [
    {
      name: 'cpl',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64 },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'cpl_xml', type: 'text', nullable: true },
        { name: 'cpl_bin', type: 'text', nullable: true },
      ],
      unique: [
        { name: 'account_idx', columns: ['username', 'domain'] },
      ],
      indexes: [],
    },
  ],
};
