/** Tables of the Kamailio `dialplan` schema module (standard group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const dialplan: SchemaModule = {
  name: 'dialplan',
  group: 'standard',
  tables: [
    {
      name: 'dialplan',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'dpid', type: 'int' },
        { name: 'pr', type: 'int' },
        { name: 'match_op', type: 'int' },
        { name: 'match_exp', type: 'string', length: 64 },
        { name: 'match_len', type: 'int' },
        { name: 'subst_exp', type: 'string', length: 64 },
        { name: 'repl_exp', type: 'string', length: 256 },
        { name: 'attrs', type: 'string', length: 64 },
      ],
      unique: [],
      indexes: [],
    },
  ],
};
