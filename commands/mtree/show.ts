import { Args } from '@oclif/core';
import { DbCommand } from '../../src/cli/db-command.js';
import { table } from '../../src/cli/render.js';
import { listMtree, type MtreeRow } from '../../src/db/repos/mtree.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface MtreeShowResult {
  readonly table: string;
  readonly rows: readonly MtreeRow[];
}

export default class MtreeShow extends DbCommand<typeof MtreeShow, MtreeShowResult> {
  static override summary = 'List an mtree table by prefix (kamctl mtree show).';
  static override description = 'The argument names the table, as in kamctl: mtree or any table of the same layout (tprefix, tvalue). A table that does not exist is an error with exit code 21.';
  static override examples = ['<%= config.bin %> mtree show mtree'];
  static override args = { table: Args.string({ required: true, description: 'mtree table name' }) };

  async run(): Promise<MtreeShowResult> {
    return { table: this.args.table, rows: await withDb(this.db, 'ro', (db) => listMtree(db, this.args.table)) };
  }

  protected render(r: MtreeShowResult): string {
    return table(['id', 'tprefix', 'tvalue'], r.rows.map((m) => [m.id, m.tprefix, m.tvalue]));
  }
}
