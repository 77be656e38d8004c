/** Flags shared by several commands, defined once. */
import { Flags } from '@oclif/core';

export const yesFlag = Flags.boolean({ char: 'y', description: 'answer yes to every question; never prompt' });

/** Database flags; each one overrides the rc key named in its description. */
export const dbFlags = {
  'db-engine': Flags.string({ description: 'database engine: SQLITE, MYSQL or PGSQL (rc: DBENGINE)', helpGroup: 'DATABASE' }),
  'db-host': Flags.string({ description: 'database host (rc: DBHOST)', helpGroup: 'DATABASE' }),
  'db-port': Flags.integer({ description: 'database port (rc: DBPORT)', helpGroup: 'DATABASE' }),
  'db-name': Flags.string({ description: 'database name (rc: DBNAME)', helpGroup: 'DATABASE' }),
  'db-path': Flags.string({ description: 'SQLite file (rc: DB_PATH)', helpGroup: 'DATABASE' }),
  'db-root-user': Flags.string({ description: 'administrator user for create/drop/grant (rc: DBROOTUSER)', helpGroup: 'DATABASE' }),
};

export interface DbFlagValues {
  readonly 'db-engine'?: string | undefined;
  readonly 'db-host'?: string | undefined;
  readonly 'db-port'?: number | undefined;
  readonly 'db-name'?: string | undefined;
  readonly 'db-path'?: string | undefined;
  readonly 'db-root-user'?: string | undefined;
}

export function dbOverrides(f: DbFlagValues): Record<string, string | undefined> {
  return {
    DBENGINE: f['db-engine'],
    DBHOST: f['db-host'],
    DBPORT: f['db-port'] === undefined ? undefined : String(f['db-port']),
    DBNAME: f['db-name'],
    DB_PATH: f['db-path'],
    DBROOTUSER: f['db-root-user'],
  };
}
