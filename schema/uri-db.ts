/** Tables of the Kamailio `uri_db` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const uriDb: SchemaModule = {
  name: 'uri_db',
  group: 'standard',
  tables: [
    {
      name: 'uri',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'uri_user', type: 'string', length: 64, default: '' },
        { name: 'last_modified', type: 'datetime', default: '2000-01-01 00:00:01' },
      ],
      unique: [
        { name: 'account_idx', columns: ['username', 'domain', 'uri_user'] },
      ],
      indexes: [],
    },
  ],
};
