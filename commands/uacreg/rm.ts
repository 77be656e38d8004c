import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { removeUacreg } from '../../src/db/repos/uacreg.js';

export interface UacregRmResult {
  readonly l_uuid: string;
}

export default class UacregRm extends ProvisionCommand<typeof UacregRm, UacregRmResult> {
  static override summary = 'Remove a remote registration from the uacreg table by l_uuid.';
  static override description = 'An l_uuid that is not there is an error with exit code 21.';
  static override examples = ['<%= config.bin %> uacreg rm gw1'];
  static override args = { l_uuid: Args.string({ required: true, description: 'local unique id' }) };

  async run(): Promise<UacregRmResult> {
    const row = await withDb(this.db, 'rw', (db) => removeUacreg(db, this.args.l_uuid));
    return { l_uuid: row.l_uuid };
  }

  protected text(r: UacregRmResult): string {
    return `removed uacreg ${r.l_uuid}`;
  }
}
