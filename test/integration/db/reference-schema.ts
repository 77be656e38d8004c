/**
 * The Kamailio 5.6 reference schema, read from the shared reference folder (tables.json and
 * version-rows.tsv, made from what the real `kamdbctl create` left in each engine). It is
 * read at test time and never copied into the repository, so a test compares sipctl with
 * Kamailio and not with sipctl's own definitions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SHARED_REFERENCE } from '../../support/sipctl.js';

export const REFERENCE_SCHEMA_DIR = path.join(SHARED_REFERENCE, 'schema');

export interface RefColumn {
  readonly name: string;
  readonly length: number | null;
  readonly nullable: boolean;
  readonly autoincrement: boolean;
  readonly mysqlType: string;
  readonly mysqlDefault: string | null;
  readonly pgsqlType: string;
  readonly pgsqlDefault: string | null;
  readonly sqliteType: string;
  readonly sqliteDefault: string | null;
}

export interface RefIndex {
  /** The MariaDB name. */
  readonly name: string;
  readonly pgsqlName: string;
  readonly sqliteName: string;
  readonly columns: readonly string[];
}

export interface RefTable {
  readonly name: string;
  readonly group: string;
  readonly version: number;
  readonly columns: readonly RefColumn[];
  readonly primaryKey: readonly string[];
  readonly unique: readonly RefIndex[];
  readonly indexes: readonly RefIndex[];
}

export interface ReferenceSchema {
  readonly tables: readonly RefTable[];
  /** `SELECT table_name, table_version FROM version ORDER BY id` after kamdbctl create. */
  readonly versionRows: readonly (readonly [string, number])[];
}

type Obj = Readonly<Record<string, unknown>>;

function obj(x: unknown, where: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error(`tables.json: ${where} is not an object`);
  return x as Obj;
}

function arr(x: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(x)) throw new Error(`tables.json: ${where} is not an array`);
  return x;
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Error(`tables.json: ${where}.${key} is not a string`);
  return v;
}

function strOrNull(o: Obj, key: string, where: string): string | null {
  const v = o[key];
  if (v === null) return null;
  if (typeof v !== 'string') throw new Error(`tables.json: ${where}.${key} is not a string or null`);
  return v;
}

function num(o: Obj, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number') throw new Error(`tables.json: ${where}.${key} is not a number`);
  return v;
}

function bool(o: Obj, key: string, where: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new Error(`tables.json: ${where}.${key} is not a boolean`);
  return v;
}

function strings(x: unknown, where: string): string[] {
  return arr(x, where).map((v, i) => {
    if (typeof v !== 'string') throw new Error(`tables.json: ${where}[${i}] is not a string`);
    return v;
  });
}

function refIndex(x: unknown, where: string): RefIndex {
  const o = obj(x, where);
  return {
    name: str(o, 'name', where),
    pgsqlName: str(o, 'pgsql_name', where),
    sqliteName: str(o, 'sqlite_name', where),
    columns: strings(o['columns'], `${where}.columns`),
  };
}

function refColumn(x: unknown, where: string): RefColumn {
  const o = obj(x, where);
  const length = o['length'];
  if (length !== null && typeof length !== 'number') throw new Error(`tables.json: ${where}.length is not a number or null`);
  return {
    name: str(o, 'name', where),
    length,
    nullable: bool(o, 'nullable', where),
    autoincrement: bool(o, 'autoincrement', where),
    mysqlType: str(o, 'mysql_type', where),
    mysqlDefault: strOrNull(o, 'default', where),
    pgsqlType: str(o, 'pgsql_type', where),
    pgsqlDefault: strOrNull(o, 'pgsql_default', where),
    sqliteType: str(o, 'sqlite_type', where),
    sqliteDefault: strOrNull(o, 'sqlite_default', where),
  };
}

function refTable(x: unknown, i: number): RefTable {
  const o = obj(x, `tables[${i}]`);
  const where = `tables[${i}] (${String(o['name'])})`;
  return {
    name: str(o, 'name', where),
    group: str(o, 'group', where),
    version: num(o, 'version', where),
    columns: arr(o['columns'], `${where}.columns`).map((c, j) => refColumn(c, `${where}.columns[${j}]`)),
    primaryKey: strings(o['primary_key'], `${where}.primary_key`),
    unique: arr(o['unique'], `${where}.unique`).map((u, j) => refIndex(u, `${where}.unique[${j}]`)),
    indexes: arr(o['indexes'], `${where}.indexes`).map((u, j) => refIndex(u, `${where}.indexes[${j}]`)),
  };
}

/** The version rows from version-rows.tsv: a header line, then `table<TAB>version` per row. */
export function parseVersionRows(text: string): [string, number][] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  if (header?.trim() !== 'table_name\ttable_version') throw new Error(`version-rows.tsv: unexpected header ${String(header)}`);
  return rows.map((line, i) => {
    const [name, version, ...rest] = line.split('\t');
    const v = Number(version);
    if (name === undefined || name === '' || !Number.isInteger(v) || rest.length > 0) throw new Error(`version-rows.tsv:${i + 2}: bad row ${line}`);
    return [name, v];
  });
}

let cached: ReferenceSchema | undefined;

export function loadReference(): ReferenceSchema {
  if (cached !== undefined) return cached;
  const doc = obj(JSON.parse(fs.readFileSync(path.join(REFERENCE_SCHEMA_DIR, 'tables.json'), 'utf8')) as unknown, 'document');
  const tables = arr(doc['tables'], 'tables').map(refTable);
  const versionRows = parseVersionRows(fs.readFileSync(path.join(REFERENCE_SCHEMA_DIR, 'version-rows.tsv'), 'utf8'));
  cached = { tables, versionRows };
  return cached;
}
