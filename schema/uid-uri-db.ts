/** Tables of the Kamailio `uid_uri_db` schema module (uid group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const uidUriDb: SchemaModule = {
  name: 'uid_uri_db',
  group: 'uid',
  tables: [
    {
      name: 'uid_uri',
      version: 3,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'uid', type: 'string', length: 64 },
        { name: 'did', type: 'string', length: 64 },
        { name: 'username', type: 'string', length: 64 },
        { name: 'flags', type: 'int', unsigned: true, default: '0' },
        { name: 'scheme', type: 'string', length: 8, default: 'sip' },
      ],
      unique: [],
      indexes: [
        { name: 'uri_idx1', columns: ['username', 'did', 'scheme'] },
        { name: 'uri_uid', columns: ['uid'] },
      ],
    },
    {
      name: 'uid_uri_attrs',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64 },
        { name: 'did', type: 'string', length: 64 },
        { name: 'name', type: 'string', length: 32 },
        { name: 'value', type: 'string', length: 128, nullable: true },
        { name: 'type', type: 'int', default: '0' },
        { name: 'flags', type: 'int', unsigned: true, default: '0' },
        { name: 'scheme', type: 'string', length: 8, default: 'sip' },
      ],
      unique: [
        { name: 'uriattrs_idx', columns: ['username', 'did', 'name', 'value', 'scheme'] },
      ],
      indexes: [],
    },
  ],
};
