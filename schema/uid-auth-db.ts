/** Tables of the Kamailio `uid_auth_db` schema module (uid group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const uidAuthDb: SchemaModule = {
  name: 'uid_auth_db',
  group: 'uid',
  tables: [
    {
      name: 'uid_credentials',
      version: 7,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'auth_username', type: 'string', length: 64 },
        { name: 'did', type: 'string', length: 64, default: '_default' },
        { name: 'realm', type: 'string', length: 64 },
        { name: 'password', type: 'string', length: 28, default: '' },
        { name: 'flags', type: 'int', default: '0' },
        { name: 'ha1', type: 'string', length: 32 },
        { name: 'ha1b', type: 'string', length: 32, default: '' },
        { name: 'uid', type: 'string', length: 64 },
      ],
      unique: [],
      indexes: [
        { name: 'cred_idx', columns: ['auth_username', 'did'] },
        { name: 'uid', columns: ['uid'] },
        { name: 'did_idx', columns: ['did'] },
        { name: 'realm_idx', columns: ['realm'] },
      ],
    },
  ],
};
