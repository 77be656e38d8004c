/** Tables of the Kamailio `mtree` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const mtree: SchemaModule = {
  name: 'mtree',
  group: 'extra',
  tables: [
    {
      name: 'mtree',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'tprefix', type: 'string', length: 32, default: '' },
        { name: 'tvalue', type: 'string', length: 128, default: '' },
      ],
      unique: [
        { name: 'tprefix_idx', columns: ['tprefix'] },
      ],
      indexes: [],
    },
    {
      name: 'mtrees',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'tname', type: 'string', length: 128, default: '' },
        { name: 'tprefix', type: 'string', length: 32, default: '' },
        { name: 'tvalue', type: 'string', length: 128, default: '' },
      ],
      unique: [
        { name: 'tname_tprefix_tvalue_idx', columns: ['tname', 'tprefix', 'tvalue'] },
      ],
      indexes: [],
    },
  ],
};
