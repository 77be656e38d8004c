/** Tables of the Kamailio `acc` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const acc: SchemaModule = {
  name: 'acc',
  group: 'standard',
  tables: [
    {
      name: 'acc',
      version: 5,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'method', type: 'string', length: 16, default: '' },
        { name: 'from_tag', type: 'string', length: 128, default: '' },
        { name: 'to_tag', type: 'string', length: 128, default: '' },
        { name: 'callid', type: 'string', length: 255, default: '' },
        { name: 'sip_code', type: 'string', length: 3, default: '' },
        { name: 'sip_reason', type: 'string', length: 128, default: '' },
        { name: 'time', type: 'datetime' },
      ],
      unique: [],
      indexes: [
        { name: 'callid_idx', columns: ['callid'] },
      ],
    },
    {
      name: 'acc_cdrs',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'start_time', type: 'datetime', default: '2000-01-01 00:00:00' },
        { name: 'end_time', type: 'datetime', default: '2000-01-01 00:00:00' },
        { name: 'duration', type: 'float', precision: 10, scale: 3, default: '0' },
      ],
      unique: [],
      indexes: [
        { name: 'start_time_idx', columns: ['start_time'] },
      ],
    },
    {
      name: 'missed_calls',
      version: 4,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'method', type: 'string', length: 16, default: '' },
        { name: 'from_tag', type: 'string', length: 128, default: '' },
        { name: 'to_tag', type: 'string', length: 128, default: '' },
        { name: 'callid', type: 'string', length: 255, default: '' },
        { name: 'sip_code', type: 'string', length: 3, default: '' },
        { name: 'sip_reason', type: 'string', length: 128, default: '' },
        { name: 'time', type: 'datetime' },
      ],
      unique: [],
      indexes: [
        { name: 'callid_idx', columns: ['callid'] },
      ],
    },
  ],
};
