/** PostgreSQL: SERIAL keys, no unsigned integers, index names prefixed with the table. */
import type { Knex } from 'knex';
import type { ColumnDef, IndexDef, TableDef } from '../../../schema/types.js';
import type { DdlDialect } from '../ddl.js';

export const PG_TYPES: Readonly<Record<ColumnDef['type'], string>> = {
  char: 'smallint',
  short: 'smallint',
  int: 'integer',
  long: 'bigint',
  string: 'varchar',
  text: 'text',
  largetext: 'text',
  binary: 'bytea',
  largebinary: 'bytea',
  datetime: 'timestamp without time zone',
  float: 'real',
  double: 'double precision',
};

export const pgsqlDialect: DdlDialect = {
  engine: 'pgsql',
  columnType(c: ColumnDef): string {
    return c.type === 'string' ? `varchar(${String(c.length ?? 255)})` : PG_TYPES[c.type];
  },
  autoIncrement(t: Knex.CreateTableBuilder, c: ColumnDef): void {
    t.increments(c.name, { primaryKey: true });
  },
  indexName(table: TableDef, idx: IndexDef): string {
    return `${table.name}_${idx.name}`;
  },
};
