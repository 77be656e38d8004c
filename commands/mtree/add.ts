import { Args, Flags } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { addMtree, checkMtreeEntry, checkMtreeTableName, MTREE_DEFAULT_CHARS, type MtreeRow } from '../../src/db/repos/mtree.js';
import { withDb } from '../../src/db/repos/table-row.js';

/** The tree in a table of several trees (mtrees, with its tname column); kamcli's --tname. */
export const tnameFlag = Flags.string({ description: 'the tree (tname) in a table of several trees such as mtrees' });

export interface MtreeAddResult {
  readonly table: string;
  readonly row: MtreeRow;
}

export default class MtreeAdd extends ProvisionCommand<typeof MtreeAdd, MtreeAddResult> {
  static override summary = 'Add a prefix and its value to an mtree table (kamctl mtree add).';
  static override description = `The prefix is written as text (kamctl writes it unquoted, so a leading 0 is lost); it may hold only the characters of the module's char_list, ${MTREE_DEFAULT_CHARS} unless --char-list names your modparam. A prefix already in the table is an error with exit code 20. A table of several trees (mtrees, which has a tname column) needs --tname; kamctl would write the row with an empty tname. Run sipctl mtree reload afterwards.`;
  static override examples = ['<%= config.bin %> mtree add mtree 0049 gw-de', '<%= config.bin %> mtree add mtree "+44" gw-uk', '<%= config.bin %> mtree add mtrees 0049 gw-de --tname carriers'];
  static override args = {
    table: Args.string({ required: true, description: 'mtree table name' }),
    tprefix: Args.string({ required: true, description: 'prefix' }),
    tvalue: Args.string({ required: true, description: 'value returned for the prefix' }),
  };
  static override flags = { 'char-list': Flags.string({ description: 'the mtree char_list modparam', default: MTREE_DEFAULT_CHARS }), tname: tnameFlag };

  async run(): Promise<MtreeAddResult> {
    const { table, tprefix, tvalue } = this.args;
    checkMtreeTableName(table);
    checkMtreeEntry(tprefix, tvalue, this.flags['char-list']);
    return { table, row: await withDb(this.db, 'rw', (db) => addMtree(db, table, tprefix, tvalue, this.flags.tname)) };
  }

  protected text(r: MtreeAddResult): string {
    return `added ${r.row.tprefix} → ${r.row.tvalue} to ${r.row.tname === null ? '' : `tree ${r.row.tname} of `}${r.table}\nrun '${this.config.bin} mtree reload' to load it into the running server`;
  }
}
