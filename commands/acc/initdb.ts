import { DbCommand } from '../../src/cli/db-command.js';
import { initAccColumns, type AccInitResult } from '../../src/db/repos/acc.js';
import { withDb } from '../../src/db/repos/table-row.js';

export type AccInitdbResult = AccInitResult;

export default class AccInitdb extends DbCommand<typeof AccInitdb, AccInitdbResult> {
  static override summary = 'Add the extra accounting columns the stock kamailio.cfg writes with WITH_ACCDB (kamctl acc initdb).';
  static override description = `Adds src_user VARCHAR(64), src_domain VARCHAR(128), src_ip VARCHAR(64), dst_ouser VARCHAR(64), dst_user VARCHAR(64) and dst_domain VARCHAR(128), all NOT NULL DEFAULT '', to acc and missed_calls — the ALTER TABLEs of the cfg's ACCDB_COMMENT block. Without them every accounting insert fails at run time.
Columns already there are left alone, so running it twice is harmless (kamctl fails on the second run). Changing tables is administrator work: it connects as DBROOTUSER, as sipctl db create does (kamctl uses the read-write user, which on PostgreSQL does not own the tables).`;
  static override examples = ['<%= config.bin %> acc initdb'];

  async run(): Promise<AccInitdbResult> {
    return withDb(this.db, 'root', (db) => initAccColumns(db));
  }

  protected render(r: AccInitdbResult): string {
    return r.added.length === 0 ? `nothing to do: ${String(r.present.length)} columns were already there` : `added ${r.added.join(', ')}`;
  }
}
