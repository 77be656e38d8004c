/** Tables of the Kamailio `speeddial` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const speeddial: SchemaModule = {
  name: 'speeddial',
  group: 'standard',
  tables: [
    {
      name: 'speed_dial',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'sd_username', type: 'string', length: 64, default: '' },
        { name: 'sd_domain', type: 'string', length: 64, default: '' },
        { name: 'new_uri', type: 'string', length: 255, default: '' },
        { name: 'fname', type: 'string', length: 64, default: '' },
        { name: 'lname', type: 'string', length: 64, default: '' },
        { name: 'description', type: 'string', length: 64, default: '' },
      ],
      unique: [
        { name: 'speed_dial_idx', columns: ['username', 'domain', 'sd_domain', 'sd_username'] },
      ],
      indexes: [],
    },
  ],
};
