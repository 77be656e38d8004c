/** Tables of the Kamailio `group` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const group: SchemaModule = {
  name: 'group',
  group: 'standard',
  tables: [
    {
      name: 'grp',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'grp', type: 'string', length: 64, default: '' },
        { name: 'last_modified', type: 'datetime', default: '2000-01-01 00:00:01' },
      ],
      unique: [
        { name: 'account_group_idx', columns: ['username', 'domain', 'grp'] },
      ],
      indexes: [],
    },
    {
      name: 're_grp',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'reg_exp', type: 'string', length: 128, default: '' },
        { name: 'group_id', type: 'int', default: '0' },
      ],
      unique: [],
      indexes: [
        { name: 'group_idx', columns: ['group_id'] },
      ],
    },
  ],
};
