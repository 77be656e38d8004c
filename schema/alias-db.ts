/** Tables of the Kamailio `alias_db` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const aliasDb: SchemaModule = {
  name: 'alias_db',
  group: 'standard',
  tables: [
    {
      name: 'dbaliases',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'alias_username', type: 'string', length: 64, default: '' },
        { name: 'alias_domain', type: 'string', length: 64, default: '' },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, default: '' },
      ],
      unique: [],
      indexes: [
        { name: 'alias_user_idx', columns: ['alias_username'] },
        { name: 'alias_idx', columns: ['alias_username', 'alias_domain'] },
        { name: 'target_idx', columns: ['username', 'domain'] },
      ],
    },
  ],
};
