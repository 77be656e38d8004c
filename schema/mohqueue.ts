/** Tables of the Kamailio `mohqueue` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const mohqueue: SchemaModule = {
  name: 'mohqueue',
  group: 'extra',
  tables: [
    {
      name: 'mohqcalls',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'mohq_id', type: 'int', unsigned: true },
        { name: 'call_id', type: 'string', length: 100 },
        { name: 'call_status', type: 'int', unsigned: true },
        { name: 'call_from', type: 'string', length: 100 },
        { name: 'call_contact', type: 'string', length: 100, nullable: true },
        { name: 'call_time', type: 'datetime' },
      ],
      unique: [
        { name: 'mohqcalls_idx', columns: ['call_id'] },
      ],
      indexes: [],
    },
    {
      name: 'mohqueues',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'name', type: 'string', length: 25 },
        { name: 'uri', type: 'string', length: 100 },
        { name: 'mohdir', type: 'string', length: 100, nullable: true },
        { name: 'mohfile', type: 'string', length: 100 },
        { name: 'debug', type: 'int' },
      ],
      unique: [
        { name: 'mohqueue_uri_idx', columns: ['uri'] },
        { name: 'mohqueue_name_idx', columns: ['name'] },
      ],
      indexes: [],
    },
  ],
};
