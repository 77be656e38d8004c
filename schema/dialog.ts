/** Tables of the Kamailio `dialog` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const dialog: SchemaModule = {
  name: 'dialog',
  group: 'standard',
  tables: [
    {
      name: 'dialog',
      version: 7,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'hash_entry', type: 'int', unsigned: true },
        { name: 'hash_id', type: 'int', unsigned: true },
        { name: 'callid', type: 'string', length: 255 },
        { name: 'from_uri', type: 'string', length: 255 },
        { name: 'from_tag', type: 'string', length: 128 },
        { name: 'to_uri', type: 'string', length: 255 },
        { name: 'to_tag', type: 'string', length: 128 },
        { name: 'caller_cseq', type: 'string', length: 20 },
        { name: 'callee_cseq', type: 'string', length: 20 },
        { name: 'caller_route_set', type: 'string', length: 512, nullable: true },
        { name: 'callee_route_set', type: 'string', length: 512, nullable: true },
        { name: 'caller_contact', type: 'string', length: 255 },
        { name: 'callee_contact', type: 'string', length: 255 },
        { name: 'caller_sock', type: 'string', length: 64 },
        { name: 'callee_sock', type: 'string', length: 64 },
        { name: 'state', type: 'int', unsigned: true },
        { name: 'start_time', type: 'int', unsigned: true },
        { name: 'timeout', type: 'int', unsigned: true, default: '0' },
        { name: 'sflags', type: 'int', unsigned: true, default: '0' },
        { name: 'iflags', type: 'int', unsigned: true, default: '0' },
        { name: 'toroute_name', type: 'string', length: 32, nullable: true },
        { name: 'req_uri', type: 'string', length: 255 },
        { name: 'xdata', type: 'string', length: 512, nullable: true },
      ],
      unique: [],
      indexes: [
        { name: 'hash_idx', columns: ['hash_entry', 'hash_id'] },
      ],
    },
    {
      name: 'dialog_vars',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'hash_entry', type: 'int', unsigned: true },
        { name: 'hash_id', type: 'int', unsigned: true },
        { name: 'dialog_key', type: 'string', length: 128 },
        { name: 'dialog_value', type: 'string', length: 512 },
      ],
      unique: [],
      indexes: [
        { name: 'hash_idx', columns: ['hash_entry', 'hash_id'] },
      ],
    },
  ],
};
