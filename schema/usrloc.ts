/** Tables of the Kamailio `usrloc` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const usrloc: SchemaModule = {
  name: 'usrloc',
  group: 'standard',
  tables: [
    {
      name: 'location',
      version: 9,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'ruid', type: 'string', length: 64, default: '' },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, nullable: true, default: null },
        { name: 'contact', type: 'string', length: 512, default: '' },
        { name: 'received', type: 'string', length: 128, nullable: true, default: null },
        { name: 'path', type: 'string', length: 512, nullable: true, default: null },
        { name: 'expires', type: 'datetime', default: '2030-05-28 21:32:15' },
        { name: 'q', type: 'float', precision: 10, scale: 2, default: '1.0' },
        { name: 'callid', type: 'string', length: 255, default: 'Default-Call-ID' },
        { name: 'cseq', type: 'int', default: '1' },
        { name: 'last_modified', type: 'datetime', default: '2000-01-01 00:00:01' },
        { name: 'flags', type: 'int', default: '0' },
        { name: 'cflags', type: 'int', default: '0' },
        { name: 'user_agent', type: 'string', length: 255, default: '' },
        { name: 'socket', type: 'string', length: 64, nullable: true, default: null },
        { name: 'methods', type: 'int', nullable: true, default: null },
        { name: 'instance', type: 'string', length: 255, nullable: true, default: null },
        { name: 'reg_id', type: 'int', default: '0' },
        { name: 'server_id', type: 'int', default: '0' },
        { name: 'connection_id', type: 'int', default: '0' },
        { name: 'keepalive', type: 'int', default: '0' },
        { name: 'partition', type: 'int', default: '0' },
      ],
      unique: [
        { name: 'ruid_idx', columns: ['ruid'] },
      ],
      indexes: [
        { name: 'account_contact_idx', columns: ['username', 'domain', 'contact'] },
        { name: 'expires_idx', columns: ['expires'] },
        { name: 'tcpcon_idx', columns: ['connection_id'] },
        { name: 'connection_idx', columns: ['server_id', 'connection_id'] },
      ],
    },
    {
      name: 'location_attrs',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'ruid', type: 'string', length: 64, default: '' },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, nullable: true, default: null },
        { name: 'aname', type: 'string', length: 64, default: '' },
        { name: 'atype', type: 'int', default: '0' },
        { name: 'avalue', type: 'string', length: 512, default: '' },
        { name: 'last_modified', type: 'datetime', default: '2000-01-01 00:00:01' },
      ],
      unique: [],
      indexes: [
        { name: 'account_record_idx', columns: ['username', 'domain', 'ruid'] },
        { name: 'last_modified_idx', columns: ['last_modified'] },
      ],
    },
  ],
};
