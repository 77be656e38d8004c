import type { DdlDialect } from '../ddl.js';
import type { Engine } from '../settings.js';
import { mysqlDialect } from './mysql.js';
import { pgsqlDialect } from './pgsql.js';
import { sqliteDialect } from './sqlite.js';

export const DIALECTS: Readonly<Record<Engine, DdlDialect>> = {
  sqlite: sqliteDialect,
  mysql: mysqlDialect,
  pgsql: pgsqlDialect,
};
