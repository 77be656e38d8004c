/** Tables of the Kamailio `uac` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const uac: SchemaModule = {
  name: 'uac',
  group: 'extra',
  tables: [
    {
      name: 'uacreg',
      version: 5,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'l_uuid', type: 'string', length: 64, default: '' },
        { name: 'l_username', type: 'string', length: 64, default: '' },
        { name: 'l_domain', type: 'string', length: 64, default: '' },
        { name: 'r_username', type: 'string', length: 64, default: '' },
        { name: 'r_domain', type: 'string', length: 64, default: '' },
        { name: 'realm', type: 'string', length: 64, default: '' },
        { name: 'auth_username', type: 'string', length: 64, default: '' },
        { name: 'auth_password', type: 'string', length: 64, default: '' },
        { name: 'auth_ha1', type: 'string', length: 128, default: '' },
        { name: 'auth_proxy', type: 'string', length: 255, default: '' },
        { name: 'expires', type: 'int', default: '0' },
        { name: 'flags', type: 'int', default: '0' },
        { name: 'reg_delay', type: 'int', default: '0' },
        { name: 'contact_addr', type: 'string', length: 255, default: '' },
        { name: 'socket', type: 'string', length: 128, default: '' },
      ],
      unique: [
        { name: 'l_uuid_idx', columns: ['l_uuid'] },
      ],
      indexes: [],
    },
  ],
};
