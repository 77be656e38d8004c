import { Args, Flags } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { listAcc, secondsAgo } from '../../src/db/repos/acc.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';
import { accRows, renderAcc, type AccShowdbResult } from './showdb.js';

export type AccRecentResult = AccShowdbResult & { readonly since: string };

export default class AccRecent extends DbCommand<typeof AccRecent, AccRecentResult> {
  static override summary = 'List accounting records of the last seconds (kamctl acc recent; default 300).';
  static override description = 'kamctl compares the time column with a Unix timestamp, which matches nothing on MySQL; sipctl compares with the local time that many seconds ago, as acc writes it.';
  static override examples = ['<%= config.bin %> acc recent', '<%= config.bin %> acc recent 3600 --missed'];
  static override args = { secs: Args.string({ description: 'how many seconds back (default 300)' }) };
  static override flags = { missed: Flags.boolean({ description: 'list missed_calls instead of acc' }) };

  async run(): Promise<AccRecentResult> {
    const secs = this.args.secs === undefined ? 300 : parseInteger(this.args.secs, { min: 0, what: 'seconds' });
    const since = secondsAgo(secs);
    const t = this.flags.missed ? 'missed_calls' : 'acc';
    const rows = await withDb(this.db, 'ro', (db) => listAcc(db, { since }, t));
    return { table: t, since, rows: accRows(rows) };
  }

  protected render(r: AccRecentResult): string {
    return renderAcc(r);
  }
}
