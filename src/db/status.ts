/** `db status` and `db version`: each Kamailio table, present or not, its version row against the expected one. */
import { SCHEMA_MODULES } from '../../schema/index.js';
import type { SchemaGroup } from '../../schema/types.js';
import { connect } from './connect.js';
import type { DbSettings, Engine } from './settings.js';
import { listTables, readVersions } from './tables.js';

export type TableState = 'ok' | 'missing' | 'old' | 'newer' | 'no-version-row' | 'not-installed';

export interface TableStatus {
  readonly table: string;
  readonly module: string;
  readonly group: SchemaGroup;
  readonly present: boolean;
  readonly version: number | null;
  readonly expected: number;
  readonly state: TableState;
}

export interface DbStatus {
  readonly engine: Engine;
  /** Groups with at least one module installed; the standard group always counts. */
  readonly groups: SchemaGroup[];
  /** Every table of the installed modules is present and has a version row. */
  readonly complete: boolean;
  /** Every present table has the version Kamailio 5.6 expects. */
  readonly current: boolean;
  readonly tables: TableStatus[];
  /** Tables in the database that are not Kamailio's. */
  readonly foreign: string[];
}

export async function dbStatus(s: DbSettings): Promise<DbStatus> {
  const db = await connect(s, 'ro');
  try {
    const present = await listTables(db, s.engine);
    const versions = await readVersions(db, present);
    // A module counts as installed when one of its tables is there; the standard ones always.
    const installed = SCHEMA_MODULES.filter((m) => m.group === 'standard' || m.tables.some((t) => present.has(t.name)));
    const tables = SCHEMA_MODULES.flatMap((m) =>
      m.tables.map((t): TableStatus => {
        const isPresent = present.has(t.name);
        const version = versions.get(t.name) ?? null;
        let state: TableState;
        if (!isPresent) state = installed.includes(m) ? 'missing' : 'not-installed';
        else if (version === null) state = 'no-version-row';
        else if (version < t.version) state = 'old';
        else if (version > t.version) state = 'newer';
        else state = 'ok';
        return { table: t.name, module: m.name, group: m.group, present: isPresent, version, expected: t.version, state };
      }),
    );
    const known = new Set(tables.map((t) => t.table));
    return {
      engine: s.engine,
      groups: [...new Set(installed.map((m) => m.group))],
      complete: tables.every((t) => t.state !== 'missing' && t.state !== 'no-version-row'),
      current: tables.every((t) => t.state !== 'old' && t.state !== 'newer'),
      tables,
      foreign: [...present].filter((t) => !known.has(t)).sort(),
    };
  } finally {
    await db.destroy();
  }
}
