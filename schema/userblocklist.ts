/** Tables of the Kamailio `userblocklist` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const userblocklist: SchemaModule = {
  name: 'userblocklist',
  group: 'extra',
  tables: [
    {
      name: 'userblocklist',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64, default: '' },
        { name: 'domain', type: 'string', length: 64, default: '' },
        { name: 'prefix', type: 'string', length: 64, default: '' },
        { name: 'allowlist', type: 'char', width: 1, default: '0' },
      ],
      unique: [],
      indexes: [
        { name: 'userblocklist_idx', columns: ['username', 'domain', 'prefix'] },
      ],
    },
    {
      name: 'globalblocklist',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'prefix', type: 'string', length: 64, default: '' },
        { name: 'allowlist', type: 'char', width: 1, default: '0' },
        { name: 'description', type: 'string', length: 255, nullable: true, default: null },
      ],
      unique: [],
      indexes: [
        { name: 'globalblocklist_idx', columns: ['prefix'] },
      ],
    },
  ],
};
