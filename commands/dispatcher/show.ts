import { Flags } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { listDispatcher, type DispatcherRow } from '../../src/db/repos/dispatcher.js';
import { withDb } from '../../src/db/repos/table-row.js';

export interface DispatcherShowResult {
  readonly destinations: readonly DispatcherRow[];
}

export default class DispatcherShow extends ProvisionCommand<typeof DispatcherShow, DispatcherShowResult> {
  static override summary = 'List the dispatcher table by set (kamctl dispatcher show).';
  static override description = 'Reads the database as the read-only user; sipctl dispatcher dump shows what the running server has loaded, with each destination\'s state.';
  static override examples = ['<%= config.bin %> dispatcher show', '<%= config.bin %> dispatcher show --setid 1 --json'];
  static override flags = { setid: Flags.integer({ description: 'only this set' }) };

  async run(): Promise<DispatcherShowResult> {
    return { destinations: await withDb(this.db, 'ro', (db) => listDispatcher(db, this.flags.setid)) };
  }

  protected text(r: DispatcherShowResult): string {
    return table(['id', 'setid', 'destination', 'flags', 'priority', 'attrs', 'description'], r.destinations.map((d) => [d.id, d.setid, d.destination, d.flags, d.priority, d.attrs, d.description]));
  }
}
