/** MySQL and MariaDB: Kamailio's types with display widths and UNSIGNED, users per host. */
import type { Knex } from 'knex';
import type { ColumnDef, IndexDef, TableDef } from '../../../schema/types.js';
import type { DdlDialect } from '../ddl.js';

function integer(name: string, c: ColumnDef): string {
  return `${name}${c.width === undefined ? '' : `(${String(c.width)})`}${c.unsigned === true ? ' unsigned' : ''}`;
}

export const mysqlDialect: DdlDialect = {
  engine: 'mysql',
  inlineIndexes: true,
  columnType(c: ColumnDef): string {
    switch (c.type) {
      case 'char':
        return integer('tinyint', c);
      case 'short':
        return integer('smallint', c);
      case 'int':
        return integer('int', c);
      case 'long':
        return integer('bigint', c);
      case 'string':
        return `varchar(${String(c.length ?? 255)})`;
      case 'text':
        return 'text';
      case 'largetext':
        return 'mediumtext';
      case 'binary':
        return 'blob';
      case 'largebinary':
        return 'mediumblob';
      case 'datetime':
        return 'datetime';
      case 'float':
        return c.precision === undefined ? 'float' : `float(${String(c.precision)},${String(c.scale ?? 0)})`;
      case 'double':
        return 'double';
    }
  },
  autoIncrement(t: Knex.CreateTableBuilder, c: ColumnDef): void {
    t.increments(c.name, { primaryKey: true });
  },
  indexName(_table: TableDef, idx: IndexDef): string {
    return idx.name;
  },
};
