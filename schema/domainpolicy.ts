/** Tables of the Kamailio `domainpolicy` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const domainpolicy: SchemaModule = {
  name: 'domainpolicy',
  group: 'extra',
  tables: [
    {
      name: 'domainpolicy',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'rule', type: 'string', length: 255 },
        { name: 'type', type: 'string', length: 255 },
        { name: 'att', type: 'string', length: 255, nullable: true },
        { name: 'val', type: 'string', length: 128, nullable: true },
        { name: 'description', type: 'string', length: 255 },
      ],
      unique: [
        { name: 'rav_idx', columns: ['rule', 'att', 'val'] },
      ],
      indexes: [
        { name: 'rule_idx', columns: ['rule'] },
      ],
    },
  ],
};
