import { Args } from '@oclif/core';
import { tnameFlag } from './add.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { listMtree, type MtreeRow } from '../../src/db/repos/mtree.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface MtreeShowResult {
  readonly table: string;
  readonly rows: readonly MtreeRow[];
}

export default class MtreeShow extends ProvisionCommand<typeof MtreeShow, MtreeShowResult> {
  static override summary = 'List an mtree table by prefix (kamctl mtree show).';
  static override description = 'The argument names the table, as in kamctl: mtree or any table of the same layout (tprefix, tvalue). A table of several trees (mtrees, with a tname column) lists every tree, or the one --tname names. A table that does not exist is an error with exit code 21.';
  static override examples = ['<%= config.bin %> mtree show mtree', '<%= config.bin %> mtree show mtrees --tname carriers'];
  static override args = { table: Args.string({ required: true, description: 'mtree table name' }) };
  static override flags = { tname: tnameFlag };

  async run(): Promise<MtreeShowResult> {
    return { table: this.args.table, rows: await withDb(this.db, 'ro', (db) => listMtree(db, this.args.table, this.flags.tname)) };
  }

  protected text(r: MtreeShowResult): string {
    if (r.rows.some((m) => m.tname !== null)) return table(['id', 'tname', 'tprefix', 'tvalue'], r.rows.map((m) => [m.id, m.tname ?? '', m.tprefix, m.tvalue]));
    return table(['id', 'tprefix', 'tvalue'], r.rows.map((m) => [m.id, m.tprefix, m.tvalue]));
  }
}
