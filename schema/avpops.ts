/** Tables of the Kamailio `avpops` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const avpops: SchemaModule = {
  name: 'avpops',
  group: 'standard',
  tables: [
    {
      name: 'usr_preferences',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'uuid', type: 'string', length: 64, default: '' },
        { name: 'username', type: 'string', length: 255, default: '0', defaultUnquoted: true },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'attribute', type: 'string', length: 32, default: '' },
        { name: 'type', type: 'int', default: '0' },
        { name: 'value', type: 'string', length: 128, default: '' },
        { name: 'last_modified', type: 'datetime', default: '2000-01-01 00:00:01' },
      ],
      unique: [],
      indexes: [
        { name: 'ua_idx', columns: ['uuid', 'attribute'] },
        { name: 'uda_idx', columns: ['username', 'domain', 'attribute'] },
      ],
    },
  ],
};
