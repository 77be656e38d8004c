/** Tables of the Kamailio `lcr` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const lcr: SchemaModule = {
  name: 'lcr',
  group: 'standard',
  tables: [
    {
      name: 'lcr_gw',
      version: 3,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'lcr_id', type: 'short', unsigned: true },
        { name: 'gw_name', type: 'string', length: 128, nullable: true },
        { name: 'ip_addr', type: 'string', length: 50, nullable: true },
        { name: 'hostname', type: 'string', length: 64, nullable: true },
        { name: 'port', type: 'short', unsigned: true, nullable: true },
        { name: 'params', type: 'string', length: 64, nullable: true },
        { name: 'uri_scheme', type: 'char', unsigned: true, nullable: true },
        { name: 'transport', type: 'char', unsigned: true, nullable: true },
        { name: 'strip', type: 'char', unsigned: true, nullable: true },
        { name: 'prefix', type: 'string', length: 16, nullable: true, default: null },
        { name: 'tag', type: 'string', length: 64, nullable: true, default: null },
        { name: 'flags', type: 'int', unsigned: true, default: '0' },
        { name: 'defunct', type: 'int', unsigned: true, nullable: true, default: null },
      ],
      unique: [],
      indexes: [
        { name: 'lcr_id_idx', columns: ['lcr_id'] },
      ],
    },
    {
      name: 'lcr_rule_target',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'lcr_id', type: 'short', unsigned: true },
        { name: 'rule_id', type: 'int', unsigned: true },
        { name: 'gw_id', type: 'int', unsigned: true },
        { name: 'priority', type: 'char', unsigned: true },
        { name: 'weight', type: 'int', unsigned: true, default: '1' },
      ],
      unique: [
        { name: 'rule_id_gw_id_idx', columns: ['rule_id', 'gw_id'] },
      ],
      indexes: [
        { name: 'lcr_id_idx', columns: ['lcr_id'] },
      ],
    },
    {
      name: 'lcr_rule',
      version: 3,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'lcr_id', type: 'short', unsigned: true },
        { name: 'prefix', type: 'string', length: 16, nullable: true, default: null },
        { name: 'from_uri', type: 'string', length: 64, nullable: true, default: null },
        { name: 'request_uri', type: 'string', length: 64, nullable: true, default: null },
        { name: 'mt_tvalue', type: 'string', length: 128, nullable: true, default: null },
        { name: 'stopper', type: 'int', unsigned: true, default: '0' },
        { name: 'enabled', type: 'int', unsigned: true, default: '1' },
      ],
      unique: [
        { name: 'lcr_id_prefix_from_uri_idx', columns: ['lcr_id', 'prefix', 'from_uri'] },
      ],
      indexes: [],
    },
  ],
};
