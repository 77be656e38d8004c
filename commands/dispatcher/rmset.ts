import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { removeDispatcherSet } from '../../src/db/repos/dispatcher.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';
import type { DispatcherRmResult } from './rm.js';

export default class DispatcherRmset extends ProvisionCommand<typeof DispatcherRmset, DispatcherRmResult> {
  static override summary = 'Remove every destination of a dispatcher set (kamctl 6 dispatcher rmset).';
  static override description = 'A set without destinations is an error with exit code 21.';
  static override examples = ['<%= config.bin %> dispatcher rmset 2'];
  static override args = { setid: Args.string({ required: true, description: 'set number' }) };

  async run(): Promise<DispatcherRmResult> {
    const setid = parseInteger(this.args.setid, { what: 'setid' });
    return { removed: await withDb(this.db, 'rw', (db) => removeDispatcherSet(db, setid)) };
  }

  protected text(r: DispatcherRmResult): string {
    return `removed ${String(r.removed.length)} destination(s) of set ${String(r.removed[0]?.setid ?? '')}\nrun '${this.config.bin} dispatcher reload' to update the running server`;
  }
}
