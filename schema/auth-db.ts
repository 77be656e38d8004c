/** Tables of the Kamailio `auth_db` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const authDb: SchemaModule = {
  name: 'auth_db',
  group: 'standard',
  tables: [
    {
      name: 'subscriber',
      version: 7,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'password', type: 'string', length: 64, default: '' },
        { name: 'ha1', type: 'string', length: 128, default: '' },
        { name: 'ha1b', type: 'string', length: 128, default: '' },
      ],
      unique: [
        { name: 'account_idx', columns: ['username', 'domain'] },
      ],
      indexes: [
        { name: 'username_idx', columns: ['username'] },
      ],
    },
  ],
};
