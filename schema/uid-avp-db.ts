/** Tables of the Kamailio `uid_avp_db` schema module (uid group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const uidAvpDb: SchemaModule = {
  name: 'uid_avp_db',
  group: 'uid',
  tables: [
    {
      name: 'uid_user_attrs',
      version: 3,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'uid', type: 'string', length: 64 },
        { name: 'name', type: 'string', length: 32 },
        { name: 'value', type: 'string', length: 128, nullable: true },
        { name: 'type', type: 'int', default: '0' },
        { name: 'flags', type: 'int', unsigned: true, default: '0' },
      ],
      unique: [
        { name: 'userattrs_idx', columns: ['uid', 'name', 'value'] },
      ],
      indexes: [],
    },
  ],
};
