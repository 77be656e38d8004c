/**
 * The declarative schema: Kamailio's database schema (its XML definitions) written as
 * TypeScript. `src/db/ddl.ts` turns these into DDL for each engine; nothing else does.
 */

/** Kamailio's logical column types (db_schema): char=TINYINT, short=SMALLINT, int=INT, long=BIGINT. */
export type ColumnType = 'char' | 'short' | 'int' | 'long' | 'string' | 'text' | 'largetext' | 'binary' | 'largebinary' | 'datetime' | 'float' | 'double';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  /** VARCHAR length, for `string`. */
  readonly length?: number;
  /** MySQL UNSIGNED. */
  readonly unsigned?: true;
  /** MySQL display width where Kamailio's script sets one other than the default (int(11) unsigned, tinyint(1)). */
  readonly width?: number;
  /** MySQL FLOAT(precision, scale). */
  readonly precision?: number;
  readonly scale?: number;
  readonly autoincrement?: true;
  readonly nullable?: true;
  /**
   * The DEFAULT clause: for numeric columns the SQL literal ('0', '1.0'), for string and
   * datetime columns the value to quote; `null` is an explicit DEFAULT NULL; absent means
   * no DEFAULT clause.
   */
  readonly default?: string | null;
  /** Kamailio's scripts give a few VARCHAR columns an unquoted numeric default (DEFAULT 00). */
  readonly defaultUnquoted?: true;
}

export interface IndexDef {
  /** The MySQL name; PostgreSQL and SQLite prefix it with `<table>_`. */
  readonly name: string;
  readonly columns: readonly string[];
}

export interface TableDef {
  readonly name: string;
  /** The row this table gets in the `version` table. */
  readonly version: number;
  readonly primaryKey: string;
  readonly columns: readonly ColumnDef[];
  readonly unique: readonly IndexDef[];
  readonly indexes: readonly IndexDef[];
}

/** kamdbctl's table groups: standard always, the others on request. */
export type SchemaGroup = 'standard' | 'presence' | 'extra' | 'uid';

/** One Kamailio schema module: the tables its `<module>-create.sql` makes. */
export interface SchemaModule {
  readonly name: string;
  readonly group: SchemaGroup;
  readonly tables: readonly TableDef[];
}
