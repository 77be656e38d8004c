/** Flags shared by several commands, defined once. */
import { Flags } from '@oclif/core';

/** Provisioning commands: no text on success (errors still go to stderr; --json still prints). */
export const quietFlag = Flags.boolean({ char: 'q', description: 'print nothing on success; the exit code tells' });

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

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The rc keys the database flags override. */
export function dbOverrides(f: Readonly<Record<string, unknown>>): Record<string, string | undefined> {
  const port = f['db-port'];
  return {
    DBENGINE: str(f['db-engine']),
    DBHOST: str(f['db-host']),
    DBPORT: typeof port === 'number' ? String(port) : undefined,
    DBNAME: str(f['db-name']),
    DB_PATH: str(f['db-path']),
    DBROOTUSER: str(f['db-root-user']),
  };
}
