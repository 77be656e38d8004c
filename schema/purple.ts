/** Tables of the Kamailio `purple` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const purple: SchemaModule = {
  name: 'purple',
  group: 'extra',
  tables: [
    {
      name: 'purplemap',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'sip_user', type: 'string', length: 255 },
        { name: 'ext_user', type: 'string', length: 255 },
        { name: 'ext_prot', type: 'string', length: 16 },
        { name: 'ext_pass', type: 'string', length: 64, nullable: true },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
