/** Tables of the Kamailio `uid_domain` schema module (uid group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const uidDomain: SchemaModule = {
  name: 'uid_domain',
  group: 'uid',
  tables: [
    {
      name: 'uid_domain',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'did', type: 'string', length: 64 },
        { name: 'domain', type: 'string', length: 64 },
        { name: 'flags', type: 'int', unsigned: true, default: '0' },
      ],
      unique: [
        { name: 'domain_idx', columns: ['domain'] },
      ],
      indexes: [
        { name: 'did_idx', columns: ['did'] },
      ],
    },
    {
      name: 'uid_domain_attrs',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'did', type: 'string', length: 64, nullable: true },
        { name: 'name', type: 'string', length: 32 },
        { name: 'type', type: 'int', default: '0' },
        { name: 'value', type: 'string', length: 128, nullable: true },
        { name: 'flags', type: 'int', unsigned: true, default: '0' },
      ],
      unique: [
        { name: 'domain_attr_idx', columns: ['did', 'name', 'value'] },
      ],
      indexes: [
        { name: 'domain_did', columns: ['did', 'flags'] },
      ],
    },
  ],
};
