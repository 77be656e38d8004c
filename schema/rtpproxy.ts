/** Tables of the Kamailio `rtpproxy` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const rtpproxy: SchemaModule = {
  name: 'rtpproxy',
  group: 'extra',
  tables: [
    {
      name: 'rtpproxy',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'setid', type: 'string', length: 32, default: '00', defaultUnquoted: true },
        { name: 'url', type: 'string', length: 64, default: '' },
        { name: 'flags', type: 'int', default: '0' },
        { name: 'weight', type: 'int', default: '1' },
        { name: 'description', type: 'string', length: 64, default: '' },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
