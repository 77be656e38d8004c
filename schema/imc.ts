/** Tables of the Kamailio `imc` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const imc: SchemaModule = {
  name: 'imc',
  group: 'extra',
  tables: [
    {
      name: 'imc_rooms',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'name', type: 'string', length: 64 },
        { name: 'domain', type: 'string', length: 64 },
        { name: 'flag', type: 'int' },
      ],
      unique: [
        { name: 'name_domain_idx', columns: ['name', 'domain'] },
      ],
      indexes: [],
    },
    {
      name: 'imc_members',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64 },
        { name: 'domain', type: 'string', length: 64 },
        { name: 'room', type: 'string', length: 64 },
        { name: 'flag', type: 'int' },
      ],
      unique: [
        { name: 'account_room_idx', columns: ['username', 'domain', 'room'] },
      ],
      indexes: [],
    },
  ],
};
