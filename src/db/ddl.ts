/**
 * The one mapping from the declarative schema (schema/) to DDL. Engine differences are
 * methods of the dialect (src/db/dialects/); this file owns everything they share.
 */
import type { Knex } from 'knex';
import type { ColumnDef, IndexDef, TableDef } from '../../schema/types.js';
import type { Engine } from './settings.js';

export interface DdlDialect {
  readonly engine: Engine;
  /** The column's SQL type on this engine. */
  columnType(c: ColumnDef): string;
  /** Adds the auto-increment primary key column. */
  autoIncrement(t: Knex.CreateTableBuilder, c: ColumnDef): void;
  /** The name of an index or unique key on this engine. */
  indexName(table: TableDef, idx: IndexDef): string;
  /**
   * Declare keys inside CREATE TABLE instead of as separate statements. On MySQL each
   * ALTER TABLE … ADD INDEX is a DDL round of its own and costs twice the CREATE.
   */
  readonly inlineIndexes?: true;
}

const NUMERIC = new Set(['char', 'short', 'int', 'long', 'float', 'double']);

/** The SQL text of a column's DEFAULT clause, or undefined for none. */
export function defaultLiteral(c: ColumnDef): string | undefined {
  if (c.default === undefined) return undefined;
  if (c.default === null) return 'NULL';
  if (NUMERIC.has(c.type) || c.defaultUnquoted === true) {
    if (!/^-?\d+(\.\d+)?$/.test(c.default)) throw new Error(`column ${c.name}: default ${c.default} is not a number`);
    return c.default;
  }
  return `'${c.default.replaceAll("'", "''")}'`;
}

/** The statements that create one table with its keys and indexes. */
export function createTableSql(k: Knex, d: DdlDialect, def: TableDef): string[] {
  const builder = k.schema.createTable(def.name, (t) => {
    for (const c of def.columns) {
      if (c.autoincrement === true) {
        d.autoIncrement(t, c);
        continue;
      }
      const col = t.specificType(c.name, d.columnType(c));
      if (c.nullable === true) col.nullable();
      else col.notNullable();
      const dflt = defaultLiteral(c);
      if (dflt !== undefined) col.defaultTo(k.raw(dflt));
    }
    if (d.inlineIndexes === true) return;
    for (const u of def.unique) t.unique([...u.columns], { indexName: d.indexName(def, u) });
    for (const i of def.indexes) t.index([...i.columns], d.indexName(def, i));
  });
  const statements = builder.toSQL().map((s) => s.sql);
  if (d.inlineIndexes !== true) return statements;
  const [create, ...rest] = statements;
  if (create === undefined || rest.length > 0 || !create.endsWith(')')) throw new Error(`unexpected DDL for table ${def.name}`);
  const key = (kind: string, idx: IndexDef) => k.raw(`${kind} ?? (${idx.columns.map(() => '??').join(', ')})`, [d.indexName(def, idx), ...idx.columns]).toQuery();
  const keys = [...def.unique.map((u) => key('unique key', u)), ...def.indexes.map((i) => key('key', i))];
  return keys.length === 0 ? [create] : [`${create.slice(0, -1)}, ${keys.join(', ')})`];
}
