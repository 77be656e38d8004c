/** Tables of the Kamailio `carrierroute` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const carrierroute: SchemaModule = {
  name: 'carrierroute',
  group: 'extra',
  tables: [
    {
      name: 'carrierroute',
      version: 3,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'carrier', type: 'int', unsigned: true, default: '0' },
        { name: 'domain', type: 'int', unsigned: true, default: '0' },
        { name: 'scan_prefix', type: 'string', length: 64, default: '' },
        { name: 'flags', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'mask', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'prob', type: 'float', default: '0' },
        { name: 'strip', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'rewrite_host', type: 'string', length: 255, default: '' },
        { name: 'rewrite_prefix', type: 'string', length: 64, default: '' },
        { name: 'rewrite_suffix', type: 'string', length: 64, default: '' },
        { name: 'description', type: 'string', length: 255, nullable: true, default: null },
      ],
      unique: [],
      indexes: [],
    },
    {
      name: 'carrierfailureroute',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'carrier', type: 'int', unsigned: true, default: '0' },
        { name: 'domain', type: 'int', unsigned: true, default: '0' },
        { name: 'scan_prefix', type: 'string', length: 64, default: '' },
        { name: 'host_name', type: 'string', length: 255, default: '' },
        { name: 'reply_code', type: 'string', length: 3, default: '' },
        { name: 'flags', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'mask', type: 'int', unsigned: true, width: 11, default: '0' },
        { name: 'next_domain', type: 'int', unsigned: true, default: '0' },
        { name: 'description', type: 'string', length: 255, nullable: true, default: null },
      ],
      unique: [],
      indexes: [],
    },
    {
      name: 'carrier_name',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'carrier', type: 'string', length: 64, nullable: true, default: null },
      ],
      unique: [],
      indexes: [],
    },
    {
      name: 'domain_name',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'domain', type: 'string', length: 64, nullable: true, default: null },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
