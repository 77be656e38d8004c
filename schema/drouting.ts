/** Tables of the Kamailio `drouting` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const drouting: SchemaModule = {
  name: 'drouting',
  group: 'extra',
  tables: [
    {
      name: 'dr_gateways',
      version: 3,
      primaryKey: 'gwid',
      columns: [
        { name: 'gwid', type: 'int', unsigned: true, autoincrement: true },
        { name: 'type', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'address', type: 'string', length: 128 },
        { name: 'strip', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'pri_prefix', type: 'string', length: 64, nullable: true, default: null },
        { name: 'attrs', type: 'string', length: 255, nullable: true, default: null },
        { name: 'description', type: 'string', length: 128, default: '' },
      ],
      unique: [],
      indexes: [],
    },
    {
      name: 'dr_rules',
      version: 3,
      primaryKey: 'ruleid',
      columns: [
        { name: 'ruleid', type: 'int', unsigned: true, autoincrement: true },
        { name: 'groupid', type: 'string', length: 255 },
        { name: 'prefix', type: 'string', length: 64 },
        { name: 'timerec', type: 'string', length: 255 },
        { name: 'priority', type: 'int', default: '0' },
        { name: 'routeid', type: 'string', length: 64 },
        { name: 'gwlist', type: 'string', length: 255 },
        { name: 'description', type: 'string', length: 128, default: '' },
      ],
      unique: [],
      indexes: [],
    },
    {
      name: 'dr_gw_lists',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'gwlist', type: 'string', length: 255 },
        { name: 'description', type: 'string', length: 128, default: '' },
      ],
      unique: [],
      indexes: [],
    },
    {
      name: 'dr_groups',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'username', type: 'string', length: 64 },
        { name: 'domain', type: 'string', length: 128, default: '' },
        { name: 'groupid', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'description', type: 'string', length: 128, default: '' },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
