/** Tables of the Kamailio `siptrace` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const siptrace: SchemaModule = {
  name: 'siptrace',
  group: 'extra',
  tables: [
    {
      name: 'sip_trace',
      version: 4,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'time_stamp', type: 'datetime', default: '2000-01-01 00:00:01' },
        { name: 'time_us', type: 'int', unsigned: true, default: '0' },
        { name: 'callid', type: 'string', length: 255, default: '' },
        { name: 'traced_user', type: 'string', length: 255, default: '' },
        { name: 'msg', type: 'largetext' },
        { name: 'method', type: 'string', length: 50, default: '' },
        { name: 'status', type: 'string', length: 255, default: '' },
        { name: 'fromip', type: 'string', length: 64, default: '' },
        { name: 'toip', type: 'string', length: 64, default: '' },
        { name: 'fromtag', type: 'string', length: 128, default: '' },
        { name: 'totag', type: 'string', length: 128, default: '' },
        { name: 'direction', type: 'string', length: 4, default: '' },
      ],
      unique: [],
      indexes: [
        { name: 'traced_user_idx', columns: ['traced_user'] },
        { name: 'date_idx', columns: ['time_stamp'] },
        { name: 'fromip_idx', columns: ['fromip'] },
        { name: 'callid_idx', columns: ['callid'] },
      ],
    },
  ],
};
