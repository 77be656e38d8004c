/**
 * SQLite: the key is a rowid alias (INTEGER PRIMARY KEY, no AUTOINCREMENT keyword, so no
 * sqlite_sequence table, as Kamailio's script), index names prefixed with the table.
 */
import type { Knex } from 'knex';
import type { ColumnDef, IndexDef, TableDef } from '../../../schema/types.js';
import type { DdlDialect } from '../ddl.js';
import { PG_TYPES } from './pgsql.js';

export const sqliteDialect: DdlDialect = {
  engine: 'sqlite',
  columnType(c: ColumnDef): string {
    if (c.type === 'string') return `VARCHAR(${String(c.length ?? 255)})`;
    if (c.type === 'binary' || c.type === 'largebinary') return 'BLOB';
    return PG_TYPES[c.type].toUpperCase();
  },
  autoIncrement(t: Knex.CreateTableBuilder, c: ColumnDef): void {
    t.specificType(c.name, 'INTEGER PRIMARY KEY NOT NULL');
  },
  indexName(table: TableDef, idx: IndexDef): string {
    return `${table.name}_${idx.name}`;
  },
};
