import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { deleteExpiredLocations, type LocationCleanResult } from '../../src/db/repos/location.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type UlDbcleanResult = LocationCleanResult;

export default class UlDbclean extends DbCommand<typeof UlDbclean, UlDbcleanResult> {
  static override summary = 'Delete location rows that expired more than SECS seconds ago (kamctl ul dbclean; default 3600).';
  static override description = 'Works on the database, not on the server\'s memory. Permanent contacts (expires 0, which usrloc stores as the epoch) are kept; kamctl deletes them too.';
  static override examples = ['<%= config.bin %> ul dbclean', '<%= config.bin %> ul dbclean 86400'];
  static override args = { secs: Args.string({ description: 'grace period in seconds (default 3600)' }) };

  async run(): Promise<UlDbcleanResult> {
    const secs = this.args.secs === undefined ? 3600 : parseInteger(this.args.secs, { min: 0, what: 'seconds' });
    return withDb(this.db, 'rw', (db) => deleteExpiredLocations(db, secs));
  }

  protected render(r: UlDbcleanResult): string {
    return `deleted ${String(r.deleted)} location row(s) that expired before ${r.expiredBefore}`;
  }
}
