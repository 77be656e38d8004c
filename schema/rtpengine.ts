/** Tables of the Kamailio `rtpengine` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const rtpengine: SchemaModule = {
  name: 'rtpengine',
  group: 'extra',
  tables: [
    {
      name: 'rtpengine',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'setid', type: 'int', unsigned: true, default: '0' },
        { name: 'url', type: 'string', length: 64 },
        { name: 'weight', type: 'int', unsigned: true, default: '1' },
        { name: 'disabled', type: 'int', width: 1, default: '0' },
        { name: 'stamp', type: 'datetime', default: '1900-01-01 00:00:01' },
      ],
      unique: [
        { name: 'rtpengine_nodes', columns: ['setid', 'url'] },
      ],
      indexes: [],
    },
  ],
};
