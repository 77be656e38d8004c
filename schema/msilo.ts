/** Tables of the Kamailio `msilo` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const msilo: SchemaModule = {
  name: 'msilo',
  group: 'standard',
  tables: [
    {
      name: 'silo',
      version: 8,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'src_addr', type: 'string', length: 255, default: '' },
        { name: 'dst_addr', type: 'string', length: 255, default: '' },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'inc_time', type: 'int', default: '0' },
        { name: 'exp_time', type: 'int', default: '0' },
        { name: 'snd_time', type: 'int', default: '0' },
        { name: 'ctype', type: 'string', length: 32, default: 'text/plain' },
        { name: 'body', type: 'binary', nullable: true },
        { name: 'extra_hdrs', type: 'text', nullable: true },
        { name: 'callid', type: 'string', length: 128, default: '' },
        { name: 'status', type: 'int', default: '0' },
      ],
      unique: [],
      indexes: [
        { name: 'account_idx', columns: ['username', 'domain'] },
      ],
    },
  ],
};
