import { Args } from '@oclif/core';
import { tnameFlag } from './add.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeMtree, type MtreeRow } from '../../src/db/repos/mtree.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface MtreeRmResult {
  readonly table: string;
  readonly removed: readonly MtreeRow[];
}

export default class MtreeRm extends ProvisionCommand<typeof MtreeRm, MtreeRmResult> {
  static override summary = 'Remove a prefix from an mtree table (kamctl mtree rm, which is broken in 5.6).';
  static override description = 'A prefix that is not in the table is an error with exit code 21. A table of several trees (mtrees) needs --tname, and only that tree loses the prefix. Run sipctl mtree reload afterwards.';
  static override examples = ['<%= config.bin %> mtree rm mtree 0049', '<%= config.bin %> mtree rm mtrees 0049 --tname carriers'];
  static override args = {
    table: Args.string({ required: true, description: 'mtree table name' }),
    tprefix: Args.string({ required: true, description: 'prefix' }),
  };
  static override flags = { tname: tnameFlag };

  async run(): Promise<MtreeRmResult> {
    return { table: this.args.table, removed: await withDb(this.db, 'rw', (db) => removeMtree(db, this.args.table, this.args.tprefix, this.flags.tname)) };
  }

  protected text(r: MtreeRmResult): string {
    return `removed ${r.removed.map((m) => m.tprefix).join(', ')} from ${r.table}\nrun '${this.config.bin} mtree reload' to update the running server`;
  }
}
